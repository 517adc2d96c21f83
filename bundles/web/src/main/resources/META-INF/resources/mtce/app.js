// The status page: polls api/snapshot (at most every second) and renders hosts x networks, this host's flag
// files and the transports; Lock/Unlock ask for confirmation and POST to api/hosts/{name}/{action}.
// Everything needs a login: GET api/session says who is logged in (401: show the login form), POST api/session logs
// in (an HttpOnly cookie, and a CSRF token that every change sends back in X-Mtce-Csrf).
// Plain DOM code, no libraries. Rows and cells keep stable data-host / data-field / data-action attributes.
'use strict';

(function () {
  const NETWORKS = ['management', 'cluster-host', 'pxeboot'];
  const STALE_MILLIS = 10000;
  let refreshMillis = 1000;
  let lastUpdate = null;
  let session = null;
  let polling = false;

  const $ = (selector) => document.querySelector(selector);

  function element(tag, attributes, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes || {})) {
      e.setAttribute(k, v);
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function setCell(cell, text, className, title) {
    if (cell.textContent !== text) {
      cell.textContent = text;
    }
    cell.className = className || '';
    if (title) {
      cell.title = title;
    } else {
      cell.removeAttribute('title');
    }
  }

  function seconds(millis) {
    return millis < 100000 ? (millis / 1000).toFixed(1) + ' s' : Math.round(millis / 1000) + ' s';
  }

  function networkText(n) {
    if (!n || n.address === null) {
      return { text: '–', cls: 'absent-network' };
    }
    if (n.ageMillis === null) {
      return { text: 'never · ' + n.missed, cls: 'never' };
    }
    return { text: seconds(n.ageMillis) + ' ago · ' + n.missed, cls: n.ageMillis > STALE_MILLIS ? 'stale' : '' };
  }

  function networkTitle(n) {
    if (!n || n.address === null) {
      return 'no address on this network';
    }
    return 'address ' + n.address + ', sequence ' + n.sequence + ', received ' + n.received + ', missed ' + n.missed
      + ', last ack ' + (n.lastAckAgeMillis === null ? 'never' : seconds(n.lastAckAgeMillis) + ' ago');
  }

  function newRow(name) {
    const row = element('tr', { 'data-host': name });
    const cell = (field) => row.appendChild(element('td', { 'data-host': name, 'data-field': field }));
    cell('name').textContent = name;
    cell('personality');
    cell('admin');
    cell('pending');
    cell('reported');
    for (const n of NETWORKS) {
      cell('net-' + n);
    }
    cell('alarms');
    const actions = cell('actions');
    for (const action of ['lock', 'unlock']) {
      const button = element('button', { type: 'button', 'data-host': name, 'data-action': action },
        action === 'lock' ? 'Lock' : 'Unlock');
      button.addEventListener('click', () => act(name, action, button));
      actions.appendChild(button);
    }
    return row;
  }

  function renderHost(row, h) {
    const cell = (field) => row.querySelector('[data-field="' + field + '"]');
    setCell(cell('personality'), h.personality || '–');
    setCell(cell('admin'), h.admin, h.admin);
    setCell(cell('pending'), h.pending, h.pending === 'none' ? 'none' : 'stale');
    setCell(cell('reported'), h.reported, h.reported + (h.mismatched ? ' mismatch' : ''),
      h.mismatched ? 'differs from the administrative state; the agent is correcting it' : '');
    for (const n of NETWORKS) {
      const status = h.networks[n];
      const shown = networkText(status);
      setCell(cell('net-' + n), shown.text, shown.cls, networkTitle(status));
    }
    const alarms = h.alarms.map((a) => a.id).join(', ');
    setCell(cell('alarms'), alarms || '–', alarms ? 'alarm' : 'none',
      h.alarms.map((a) => a.id + ' ' + a.text).join('\n'));
    const viewer = !session || session.role !== 'admin';
    row.querySelector('[data-action="lock"]').disabled = viewer || h.admin === 'locked';
    row.querySelector('[data-action="unlock"]').disabled = viewer || h.admin === 'unlocked';
  }

  function renderHosts(snapshot) {
    const message = $('#agent-message');
    message.hidden = snapshot.agent;
    message.textContent = snapshot.agentMessage || '';
    $('#no-hosts').hidden = !snapshot.agent || snapshot.hosts.length > 0;
    const body = $('#hosts tbody');
    const rows = new Map([...body.querySelectorAll('tr[data-host]')].map((r) => [r.dataset.host, r]));
    let previous = null;
    for (const h of snapshot.hosts) {
      let row = rows.get(h.name);
      rows.delete(h.name);
      if (!row) {
        row = newRow(h.name);
      }
      const expected = previous ? previous.nextSibling : body.firstChild;
      if (row !== expected) {
        body.insertBefore(row, expected);
      }
      renderHost(row, h);
      previous = row;
    }
    for (const gone of rows.values()) {
      gone.remove();
    }
  }

  function renderFlags(flags) {
    const cell = (field) => $('#flags [data-field="' + field + '"]');
    if (!flags) {
      for (const f of ['state', 'volatile', 'backup', 'desired', 'anomalies', 'error']) {
        setCell(cell('flags-' + f), f === 'state' ? 'no flag-file service in this container' : '–', 'none');
      }
      return;
    }
    const both = flags.volatilePresent && flags.backupPresent;
    const neither = !flags.volatilePresent && !flags.backupPresent;
    setCell(cell('flags-state'), flags.state.replace(/_/g, ' '), both ? 'locked' : (neither ? 'unlocked' : 'stale'));
    const file = (present) => [present ? 'present' : 'absent', present ? 'locked' : 'unlocked'];
    setCell(cell('flags-volatile'), ...file(flags.volatilePresent));
    setCell(cell('flags-backup'), ...file(flags.backupPresent));
    // Not settled: a change whose write failed is pending; the files stay as they were until the audit completes it.
    setCell(cell('flags-desired'), flags.desired.replace(/_/g, ' ') + (flags.settled ? '' : ' (pending, retried)'),
      flags.settled ? 'none' : 'stale');
    const anomalies = flags.anomalies || [];
    setCell(cell('flags-anomalies'), anomalies.length ? anomalies.join('; ') : '–', anomalies.length ? 'error' : 'none');
    setCell(cell('flags-error'), flags.lastError || '–', flags.lastError ? 'error' : 'none');
  }

  function renderTransports(transports) {
    const body = $('#transports tbody');
    body.replaceChildren(...transports.map((t) => {
      const key = t.network + '-' + t.role;
      const row = element('tr', { 'data-transport': key });
      row.appendChild(element('td', { 'data-transport': key, 'data-field': 'network' }, t.network));
      row.appendChild(element('td', { 'data-transport': key, 'data-field': 'role' }, t.role));
      row.appendChild(element('td', { 'data-transport': key, 'data-field': 'state', class: t.up ? 'up' : 'down' },
        t.up ? 'up' : 'down'));
      row.appendChild(element('td', { 'data-transport': key, 'data-field': 'address' },
        t.address === null ? '–' : t.address + ':' + t.port));
      row.appendChild(element('td', { 'data-transport': key, 'data-field': 'reason' }, t.reason || '–'));
      return row;
    }));
    if (transports.length === 0) {
      const row = element('tr');
      row.appendChild(element('td', { colspan: '5', class: 'none' }, 'no transport in this container'));
      body.appendChild(row);
    }
  }

  function setConnection(ok, text) {
    const c = $('#connection');
    c.textContent = text;
    c.className = ok ? 'ok' : 'lost';
  }

  // A controller pair on etcd: which controller is active, and how many etcd endpoints are healthy.
  function renderControllers(c) {
    const span = $('#controllers');
    span.hidden = !c || !c.controller;
    if (span.hidden) {
      return;
    }
    const endpoints = Object.entries(c.etcd);
    const healthy = endpoints.filter(([, h]) => h === 'healthy').length;
    span.textContent = c.controller + ' ' + (c.active ? 'active' : 'standby (active: ' + (c.activeController || 'none')
      + ')') + ' · etcd ' + healthy + '/' + endpoints.length + ' healthy';
    span.title = endpoints.map(([e, h]) => e + ' ' + h).join('\n');
  }

  async function refresh() {
    const response = await fetch('api/snapshot', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      showLogin('Your session has ended: log in again.');
      return;
    }
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    const snapshot = await response.json();
    refreshMillis = Math.min(1000, Math.max(200, snapshot.refreshMillis || 1000));
    renderHosts(snapshot);
    renderFlags(snapshot.flags);
    renderTransports(snapshot.transports);
    renderControllers(snapshot.controllers);
    lastUpdate = Date.now();
    setConnection(true, 'live');
    $('#updated').textContent = new Date(snapshot.time).toLocaleTimeString();
  }

  async function poll() {
    if (!session) {
      polling = false;
      return;
    }
    try {
      await refresh();
    } catch (e) {
      const since = lastUpdate === null ? '' : ' (last update ' + seconds(Date.now() - lastUpdate) + ' ago)';
      setConnection(false, 'connection lost: ' + e.message + since);
    }
    window.setTimeout(poll, refreshMillis);
  }

  async function act(name, action, button) {
    const question = action === 'lock'
      ? 'Lock ' + name + '? The host will be told to create its node-locked files.'
      : 'Unlock ' + name + '? The host will be told to remove its node-locked files.';
    if (!window.confirm(question)) {
      return;
    }
    const message = $('#action-message');
    button.disabled = true;
    try {
      const response = await fetch('api/hosts/' + encodeURIComponent(name) + '/' + action,
        { method: 'POST', headers: { 'X-Mtce-Csrf': session ? session.csrf : '' } });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        message.className = '';
        message.textContent = action + ' ' + name + ': accepted';
      } else {
        message.className = 'error';
        message.textContent = action + ' ' + name + ' refused (' + response.status + '): '
          + (body.error || response.statusText);
      }
    } catch (e) {
      message.className = 'error';
      message.textContent = action + ' ' + name + ' failed: ' + e.message;
    }
    try {
      await refresh();
    } catch (e) {
      // the next poll reports the connection
    }
  }

  function showLogin(message) {
    session = null;
    $('#status').hidden = true;
    $('#who').hidden = true;
    $('#logout').hidden = true;
    $('#login').hidden = false;
    $('#login-message').textContent = message;
    setConnection(false, 'logged out');
  }

  function loggedIn(s) {
    session = s;
    $('#login').hidden = true;
    $('#status').hidden = false;
    $('#who').hidden = false;
    $('#who').textContent = s.user + ' (' + s.role + ')';
    $('#logout').hidden = false;
    if (!polling) {
      polling = true;
      poll();
    }
  }

  async function start() {
    try {
      const response = await fetch('api/session', { cache: 'no-store' });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        loggedIn(body);
      } else {
        showLogin(response.status === 401 ? '' : (body.error || 'HTTP ' + response.status));
      }
    } catch (e) {
      setConnection(false, 'no connection: ' + e.message);
      window.setTimeout(start, 1000);
    }
  }

  $('#login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = $('#login-message');
    try {
      const response = await fetch('api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: $('#login-user').value, password: $('#login-password').value })
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        $('#login-password').value = '';
        loggedIn(body);
      } else {
        message.textContent = 'Login refused (' + response.status + '): ' + (body.error || response.statusText);
      }
    } catch (e) {
      message.textContent = 'Login failed: ' + e.message;
    }
  });

  $('#logout').addEventListener('click', async () => {
    await fetch('api/session', { method: 'DELETE', headers: { 'X-Mtce-Csrf': session ? session.csrf : '' } })
      .catch(() => null);
    showLogin('Logged out.');
  });

  start();
})();
