#!/usr/bin/env python3
"""Where a lock's (unlock's) time goes inside the container, from a JFR recording with jdk.FileForce at threshold 0
(bench/convergence-profile.sh makes one): the fsyncs of one change are, in order, the agent's inventory (file,
directory), the client's journal (file, directory), then the flag files (lock: two files, two directories; unlock:
two directories). Each change is cut out by its inventory fsync, and the time between the fsyncs is attributed.
Also prints the contended monitors (jdk.JavaMonitorEnter) of the run. usage: jfr-chain.py RECORDING.jfr"""
import json, sys, subprocess, datetime, statistics
jfr = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.FileForce', '--stack-depth', '1', jfr],
                     capture_output=True, text=True, check=True).stdout
ev = json.loads(out)['recording']['events']
def ts(s):
    # 2026-12-06T08:18:52.421244380Z -> ns since epoch
    d, frac = s.rstrip('Z').split('.')
    sec = datetime.datetime.fromisoformat(d).replace(tzinfo=datetime.timezone.utc).timestamp()
    return int(sec) * 10**9 + int(frac.ljust(9, '0')[:9])
def dur(s):
    return float(s[2:-1]) * 1e9 if s.endswith('S') and not 'M' in s else None
rows = []
for e in ev:
    v = e['values']
    p = v.get('path') or ''
    rows.append((ts(v['startTime']), dur(v['duration']), p, v['eventThread']['javaName']))
rows.sort()
cycles = []
cur = None
for r in rows:
    if r[2].endswith('inventory.json.tmp'):
        if cur: cycles.append(cur)
        cur = [r]
    elif cur is not None:
        cur.append(r)
if cur: cycles.append(cur)
def kind(c):
    names = [x[2] for x in c]
    if any(n.endswith('/var/run/.node_locked.tmp') for n in names): return 'lock'
    if any(n.endswith('.node_locked.intent.tmp') for n in names): return 'unlock'
    return None
stats = {}
for c in cycles:
    k = kind(c)
    if k is None: continue
    want = 8 if k == 'lock' else 6
    c = c[:want]
    if len(c) != want: continue
    start = c[0][0]
    end = c[-1][0] + c[-1][1]
    fs = sum(x[1] for x in c)
    seg = {}
    seg['total chain (inventory fsync start to last dir fsync end)'] = end - start
    seg['all fsyncs'] = fs
    seg['inventory fsyncs (file+dir)'] = c[0][1] + c[1][1]
    seg['agent after inventory -> client journal fsync (send, UDP, receive, journal temp write)'] = c[2][0] - (c[1][0] + c[1][1])
    seg['journal fsyncs (file+dir)'] = c[2][1] + c[3][1]
    seg['flag files fsyncs'] = sum(x[1] for x in c[4:])
    seg['between fsyncs on the client (create/write/rename/unlink, logging)'] = (end - c[2][0]) - sum(x[1] for x in c[2:])
    seg['between inventory file and dir fsync (rename)'] = c[1][0] - (c[0][0] + c[0][1])
    seg['non-fsync in chain'] = (end - start) - fs
    for n, v in seg.items():
        stats.setdefault(k, {}).setdefault(n, []).append(v)
    stats[k].setdefault('_threads', []).append(c[2][3])
for k, s in stats.items():
    print(f"# {k}: {len(s['all fsyncs'])} cycles; ms p50 / p90 / mean")
    for n, v in s.items():
        if n.startswith('_'): continue
        v = sorted(v)
        p = lambda q: v[min(len(v) - 1, int(q * len(v)))] / 1e6
        print(f"  {n:85s} {p(0.5):6.3f} {p(0.9):6.3f} {statistics.mean(v)/1e6:6.3f}")
    from collections import Counter
    print('  client thread doing the change:', dict(Counter(s['_threads'])))

out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.JavaMonitorEnter', '--stack-depth', '1', jfr],
                     capture_output=True, text=True, check=True).stdout
agg = {}
for e in json.loads(out)['recording']['events']:
    v = e['values']
    t = v['eventThread']['javaName']
    t = 'jetty (qtp)' if t.startswith('qtp') else t
    fr = v['stackTrace']['frames'] if v.get('stackTrace') else []
    where = fr[0]['method']['type']['name'].split('/')[-1] + '.' + fr[0]['method']['name'] if fr else '?'
    cls = v['monitorClass']['name'].split('/')[-1] if v.get('monitorClass') else '?'
    agg.setdefault((t, cls, where), []).append(dur(v['duration']) or 0)
print('# contended monitors: count, ms summed, p50 | thread, monitor class, where (waiting there is off the chain '
      'unless the thread is the one doing the change)')
for k, v in sorted(agg.items(), key=lambda kv: -sum(kv[1]))[:12]:
    v.sort()
    print(f'  {len(v):5d} {sum(v) / 1e6:9.2f} {v[len(v) // 2] / 1e6:7.3f} | {k[0]}, {k[1]}, {k[2]}')
