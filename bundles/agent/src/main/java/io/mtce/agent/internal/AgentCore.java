package io.mtce.agent.internal;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.AgentStatistics;
import io.mtce.agent.ControllerStatus;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.agent.PendingAction;
import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmSink;
import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.RejectionCounts;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Transport;
import io.mtce.transport.log.RateLimitedLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The agent role without OSGi: lock/unlock with retries, mtcAlive tracking and lock-state correction, the locked
 * refresh audit and the pxeboot monitor, over the {@link Inventory}. All state lives on one {@link EventLoop}:
 * datagrams are checked ({@link InboundFilter}) and decoded on the receive thread and handed over, API calls run
 * their mutation on the loop and wait. The agent acts on the loop's {@link TimeSource} alone; only the handling
 * latency in the statistics is real elapsed time.
 */
final class AgentCore implements MaintenanceAgent, DatagramListener, AutoCloseable {
    static final long PEER_WARNING_INTERVAL_MS = 60_000L;
    /** Hosts an audit visits per event-loop task. */
    static final int AUDIT_SLICE = 64;
    private static final List<Network> MGMT_CLUSTER = Network.primaryNetworks();
    private static final List<Network> ALL = Network.sendOrder();

    private final AgentSettings settings;
    private final MessageCodec codec;
    private final Logger log;
    private final RateLimitedLog peerWarnings;
    private final Transports transports = new Transports();
    private final CommandSender sender;
    private final Inventory inventory;
    private final Leadership leadership;
    private final EventLoop loop;
    private final TimeSource time;
    private final InboundFilter filter;
    private final ReceiveStatistics statistics;
    private final AlarmPublisher alarms;
    /** Runs the sinks' queries of their active alarms; null when the caller gave its own executor. */
    private final ExecutorService alarmQueries;
    /** Acks that completed nothing; event loop only. */
    private long duplicateAcks;

    /**
     * On its own event-loop thread, timing on System.nanoTime.
     *
     * @param clock the wall clock: dates mtcAlives and acks, and starts the receive statistics
     * @throws IllegalStateException when the inventory file exists but cannot be read, naming file and problem
     */
    AgentCore(AgentSettings settings, AgentSecurity security, Clock clock, MessageCodec codec, DurableWriter writer,
            Logger log) {
        this(settings, security, new ExecutorEventLoop("mtce-agent-loop", clock, log), codec, writer, log);
    }

    /** With the default protection: source allowlist on, authentication off. */
    AgentCore(AgentSettings settings, EventLoop loop, MessageCodec codec, DurableWriter writer, Logger log) {
        this(settings, AgentSecurity.DEFAULT, loop, codec, writer, log);
    }

    /**
     * @param loop where all state changes run, and the agent's time; closed with the agent (or when this throws)
     * @throws IllegalStateException when the inventory file exists but cannot be read, naming file and problem
     */
    AgentCore(AgentSettings settings, AgentSecurity security, EventLoop loop, MessageCodec codec, DurableWriter writer,
            Logger log) {
        this(settings, security, loop, null, codec, writer, log);
    }

    /**
     * @param alarmQueries where alarm sinks are asked for their active alarms (they may block); {@code null}: a
     *                     thread of the agent's own
     */
    AgentCore(AgentSettings settings, AgentSecurity security, EventLoop loop, Executor alarmQueries,
            MessageCodec codec, DurableWriter writer, Logger log) {
        this(settings, security, loop, alarmQueries, codec,
                new FileInventoryStore(settings.inventoryPath(), settings.inventorySeed(), writer, log),
                Leadership.ALONE, log);
    }

    /**
     * @param store where the inventory is kept; closed with the agent (or when this throws)
     * @throws IllegalStateException when the inventory cannot be read, naming the store and the problem
     */
    AgentCore(AgentSettings settings, AgentSecurity security, EventLoop loop, MessageCodec codec, InventoryStore store,
            Logger log) {
        this(settings, security, loop, null, codec, store, Leadership.ALONE, log);
    }

    /**
     * @param alarmQueries where alarm sinks are asked for their active alarms (they may block); {@code null}: a
     *                     thread of the agent's own
     * @param store        where the inventory is kept; closed with the agent (or when this throws)
     * @param leadership   whether this agent may command now (one of a controller pair); closed with the agent
     * @throws IllegalStateException when the inventory cannot be read, naming the store and the problem
     */
    AgentCore(AgentSettings settings, AgentSecurity security, EventLoop loop, Executor alarmQueries,
            MessageCodec codec, InventoryStore store, Leadership leadership, Logger log) {
        this.settings = settings;
        this.leadership = leadership;
        this.codec = codec;
        this.log = log;
        this.loop = loop;
        this.time = loop.time();
        Clock clock = time.wallClock();
        this.statistics = new ReceiveStatistics(clock.instant());
        this.peerWarnings = new RateLimitedLog(log, PEER_WARNING_INTERVAL_MS, time::nanoTime);
        DatagramAuthentication auth = security.auth();
        this.filter = new InboundFilter(security.sourceAllowlist(), auth, log, time::nanoTime);
        this.sender = new CommandSender(settings, codec, auth, transports, log, time::nanoTime,
                leadership::mayCommand);
        try {
            this.inventory = Inventory.load(store, this::newHost);
        } catch (RuntimeException e) {
            leadership.close();
            store.close();
            loop.close();
            throw e;
        }
        this.alarmQueries = alarmQueries == null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mtce-agent-alarm-query");
            t.setDaemon(true);
            return t;
        }) : null;
        this.alarms = new AlarmPublisher(alarmQueries == null ? this.alarmQueries : alarmQueries, loop::execute,
                this::adoptAlarm, log);
        for (HostState host : inventory.all()) {
            if (host.adminState == AdminState.LOCKED) {
                alarms.known(MtceAlarms.locked(host.name()));
            }
        }
        filter.known(inventory.addressesByNetwork());
        store.watch(change -> loop.execute(() -> changedElsewhere(change)));
        leadership.start(active -> loop.execute(() -> activityChanged(active)));
        loop.every(this::onlineAudit, settings.onlineAuditMs());
        loop.every(this::pxebootMonitor, settings.pxebootMonitorMs());
        log.info("agent role started with {} host(s) from {}{} ; source allowlist {} ; {}", inventory.size(),
                store.describe(), settings.simplex() ? " (simplex)" : "",
                security.sourceAllowlist() ? "on" : "off", security.auth().describe());
    }

    /** How many datagrams were dropped before being acted on, by reason. */
    RejectionCounts rejections() {
        return filter.rejections();
    }

    void transportAdded(Transport transport) {
        transports.add(transport);
    }

    void transportRemoved(Transport transport) {
        transports.remove(transport);
    }

    void alarmSinkAdded(AlarmSink sink) {
        alarms.sinkAdded(sink);
    }

    void alarmSinkRemoved(AlarmSink sink) {
        alarms.sinkRemoved(sink);
    }

    @Override
    public void close() {
        leadership.close();
        inventory.store().close();
        loop.close();
        if (alarmQueries != null) {
            alarmQueries.shutdownNow();
        }
    }

    // ---- MaintenanceAgent -------------------------------------------------------------------------------------

    @Override
    public List<HostStatus> hosts() {
        return loop.query(() -> inventory.all().stream().map(HostState::status).toList());
    }

    @Override
    public Optional<HostStatus> host(String name) {
        return loop.query(() -> Optional.ofNullable(inventory.get(name)).map(HostState::status));
    }

    @Override
    public HostStatus addHost(HostSpec spec) throws AgentException {
        Objects.requireNonNull(spec, "spec");
        return loop.call(() -> {
            Map<Network, InetAddress> addresses;
            try {
                addresses = HostValidation.validate(spec);
                HostValidation.validateNewName(spec.name());
            } catch (IllegalArgumentException e) {
                throw new AgentException(AgentException.Reason.INVALID, e.getMessage());
            }
            if (inventory.contains(spec.name())) {
                throw new AgentException(AgentException.Reason.DUPLICATE_HOST, "host " + spec.name()
                        + " already exists");
            }
            String clash = inventory.addressClash(spec.name(), addresses);
            if (clash != null) {
                throw new AgentException(AgentException.Reason.INVALID, clash);
            }
            // A freshly installed host comes up locked; its first mtcAlive (unlocked) gets it corrected.
            HostState host = newHost(spec, addresses, AdminState.LOCKED);
            inventory.add(host);
            filter.known(inventory.addressesByNetwork());
            alarms.set(MtceAlarms.locked(spec.name()));
            log.info("{} added ({}) ; locked", spec.name(), spec.personality());
            return host.status();
        });
    }

    @Override
    public void removeHost(String name) throws AgentException {
        loop.call(() -> {
            HostState host = require(name);
            inventory.remove(host);
            filter.known(inventory.addressesByNetwork());
            host.cancelRetry();
            alarms.clear(MtceAlarms.lockedKey(name));
            alarms.clear(MtceAlarms.pxebootKey(name));
            log.info("{} removed", name);
            return null;
        });
    }

    @Override
    public HostStatus lock(String name) throws AgentException {
        return loop.call(() -> {
            HostState host = require(name);
            if (host.pending == PendingAction.UNLOCK) {
                throw new AgentException(AgentException.Reason.IN_PROGRESS, "the unlock of " + name
                        + " is not acknowledged yet");
            }
            setAdminState(host, AdminState.LOCKED);
            host.lockedWhileUnlockedLogged = false;
            applyPxebootStep(host, host.pxebootMonitor.skip(true)); // the alarm is never raised while locked
            startPending(host, PendingAction.LOCK);
            return host.status();
        });
    }

    @Override
    public HostStatus unlock(String name) throws AgentException {
        return loop.call(() -> {
            HostState host = require(name);
            if (host.pending == PendingAction.LOCK) {
                throw new AgentException(AgentException.Reason.IN_PROGRESS, "the lock of " + name
                        + " is not acknowledged yet");
            }
            setAdminState(host, AdminState.UNLOCKED);
            host.unlockedWhileLockedLogged = false;
            startPending(host, PendingAction.UNLOCK);
            return host.status();
        });
    }

    @Override
    public List<Alarm> alarms() {
        return loop.query(alarms::active);
    }

    @Override
    public AgentStatistics statistics() {
        return loop.query(() -> statistics.snapshot(filter.rejections(), sender.sentCount()));
    }

    @Override
    public long duplicateAcks() {
        return loop.query(() -> duplicateAcks);
    }

    // ---- DatagramListener (receive threads) -------------------------------------------------------------------

    @Override
    public void received(Transport from, InetSocketAddress source, ByteBuffer datagram) {
        long receivedNanos = statistics.received();
        Network network = from.network();
        InetAddress address = source.getAddress();
        String ip = address.getHostAddress();
        byte[] array;
        int offset;
        if (datagram.hasArray()) {
            array = datagram.array();
            offset = datagram.arrayOffset() + datagram.position();
        } else {
            array = new byte[datagram.remaining()];
            datagram.get(datagram.position(), array);
            offset = 0;
        }
        // A pxeboot mtcAlive from an address no host has may teach that host's pxeboot address (onMtcAlive).
        boolean unplaced = !filter.placed(network, address);
        if (unplaced && network != Network.PXEBOOT) {
            filter.unplaced(network, address);
            return;
        }
        int length = filter.authenticate(network, address, array, offset, datagram.remaining());
        if (length < 0) {
            return;
        }
        MessageView view = new MessageView();
        try {
            view.wrap(array, offset, length);
        } catch (MalformedMessageException e) {
            malformed(ip, network, "malformed message", e);
            return;
        }
        if (unplaced && (view.header() != Header.WORKER || view.cmd() != Command.MTCALIVE)) {
            filter.unplaced(network, address);
            return;
        }
        if (view.header() == Header.WORKER && view.cmd() == Command.MTCALIVE) {
            MtcAlive alive;
            try {
                alive = codec.readMtcAlive(array, offset, length); // the bulk of the traffic: no message built
            } catch (MalformedMessageException e) {
                malformed(ip, network, "bad mtcAlive", e);
                return;
            }
            loop.execute(() -> {
                onMtcAlive(network, address, alive);
                statistics.handled(receivedNanos);
            });
            return;
        }
        MtcMessage message;
        try {
            message = codec.decode(array, offset, length);
        } catch (MalformedMessageException e) {
            malformed(ip, network, "malformed message", e);
            return;
        }
        switch (message.header()) {
            case WORKER -> log.debug("{} from {} on {} network ignored", Command.name(message.cmd()), ip,
                    network.wireName());
            case CMD_RSP -> loop.execute(() -> {
                onAck(network, address, message);
                statistics.handled(receivedNanos);
            });
            case EVENT -> receivedEvent(network, address, message, receivedNanos);
            default -> peerWarnings.warn(peerKey(ip, message.header().toString()), "unsupported message from " + ip
                    + " on "
                    + network.wireName() + " network");
        }
    }

    private void receivedEvent(Network network, InetAddress address, MtcMessage message, long receivedNanos) {
        String ip = address.getHostAddress();
        if (message.cmd() != Command.EVENT_MONITOR_READY) {
            log.debug("event 0x{} from {} on {} network ignored", Integer.toHexString(message.cmd()), ip,
                    network.wireName());
            return;
        }
        ReadyEvent ready;
        try {
            ready = codec.readReadyEvent(message);
        } catch (MalformedMessageException e) {
            malformed(ip, network, "bad ready event", e);
            return;
        }
        loop.execute(() -> {
            onReadyEvent(network, address, ready);
            statistics.handled(receivedNanos);
        });
    }

    private void malformed(String ip, Network network, String what, MalformedMessageException e) {
        filter.malformed();
        peerWarnings.warn(peerKey(ip, e.reason().toString()), what + " from " + ip + " on " + network.wireName()
                + " network ; dropping: " + e.getMessage());
    }

    @Override
    public void transportUp(Transport transport) {
        log.debug("agent {} transport up", transport.network().wireName());
    }

    @Override
    public void transportDown(Transport transport, String reason) {
        log.debug("agent {} transport down: {}", transport.network().wireName(), reason);
    }

    /**
     * Per sender and reason when only inventory addresses get this far; per reason alone otherwise, so that forged
     * source addresses cannot each get their own line.
     */
    private String peerKey(String ip, String reason) {
        return filter.allowlist() ? ip + " " + reason : reason;
    }

    /** Runs {@code task} on the event loop, after the work before it: the health service's ping. */
    void onLoop(Runnable task) {
        loop.execute(task);
    }

    // ---- event loop -------------------------------------------------------------------------------------------

    private void onMtcAlive(Network network, InetAddress source, MtcAlive alive) {
        HostState host = inventory.get(alive.hostname());
        if (host == null) {
            String ip = source.getHostAddress();
            peerWarnings.warn(peerKey(ip, "unknown"), "unknown hostname message from " + ip + " on "
                    + network.wireName() + " network ; dropping");
            return;
        }
        if (!source.equals(host.addresses.get(network))) {
            if (network == Network.PXEBOOT && learnPxebootAddress(host, source, alive)) {
                log.info("{} hostname learned from {} mtcAlive ; hostaddr:{} was:{}", host.name(), network.wireName(),
                        source.getHostAddress(), Optional.ofNullable(host.addresses.get(network))
                                .map(InetAddress::getHostAddress).orElse(""));
                inventory.setAddress(host, network, source);
                filter.known(inventory.addressesByNetwork());
            } else if (filter.allowlist()) {
                filter.foreignMtcAlive(network, source, host.name());
                return;
            }
        }
        long now = time.epochMillis();
        NetworkTrack track = host.track(network);
        boolean online = track.seenAfter(now - onlineWindowMillis());
        long previous = track.sequence();
        long seq = Integer.toUnsignedLong(alive.sequence());
        long missed = track.mtcAlive(seq, now);
        if (!online) {
            log.info("{} mtcAlive received from {} network with uptime:{} ; seq:{} ; state change", host.name(),
                    network.wireName(), Integer.toUnsignedLong(alive.uptime()), seq);
        } else if (missed > 0) {
            log.info("{} missed {} mtcAlive msgs on {} network (seq {} to {})", host.name(), missed,
                    network.wireName(), previous, seq);
        }
        if (network == Network.PXEBOOT) {
            host.sendsPxebootMtcAlive = true;
            host.pxebootMonitor.observed(seq);
        }
        host.reportedLocked = alive.locked();
        correct(host, network, alive.locked());
    }

    /**
     * Whether {@code source} may become {@code host}'s pxeboot address, as the C++ agent learns it from an mtcAlive
     * naming the host. With the source allowlist on, the mtcAlive must also carry the host's MAC and name
     * {@code source} as its own pxeboot address, and no other host may have it.
     */
    private boolean learnPxebootAddress(HostState host, InetAddress source, MtcAlive alive) {
        if (inventory.byAddress(Network.PXEBOOT, source) != null) {
            return false;
        }
        return !filter.allowlist() || (host.spec.mgmtMac().equalsIgnoreCase(alive.mgmtMac())
                && source.getHostAddress().equals(alive.pxebootIp()));
    }

    /**
     * The C++ agent's handling of an mtcClient ready event: a client offering pxeboot mtcAlive is asked for one on
     * pxeboot (the request tells it where to send them), and from then on its pxeboot network is monitored.
     */
    private void onReadyEvent(Network network, InetAddress source, ReadyEvent ready) {
        HostState host = inventory.get(ready.hostname());
        String ip = source.getHostAddress();
        if (host == null || (filter.allowlist() && !source.equals(host.addresses.get(network)))) {
            peerWarnings.warn(peerKey(ip, "ready"), "ready event for " + (host == null ? "unknown host " : "")
                    + ready.hostname() + " from " + ip + " on " + network.wireName() + " network ; dropping");
            return;
        }
        if (!ReadyEvent.MTC_CLIENT.equals(ready.service())) {
            log.debug("{} {} ready", host.name(), ready.service());
            return;
        }
        boolean offers = ready.offersPxebootMtcAlive();
        if (offers != host.sendsPxebootMtcAlive) {
            log.info("{} mtcClient ready ; {}", host.name(), offers ? "with pxeboot mtcAlive support"
                    : "not offering feature list ; node may have upgrade pending");
        } else {
            log.debug("{} mtcClient ready", host.name());
        }
        host.sendsPxebootMtcAlive = offers;
        if (offers) {
            sender.send(host, Command.REQ_MTCALIVE, List.of(Network.PXEBOOT), false);
        }
    }

    /**
     * The C++ {@code set_mtce_flags}, logging once per episode and sending at most once per network per interval.
     * Unlike the C++ agent, a host heard from while its lock (unlock) is still unacknowledged gets the pending
     * command again at once rather than after the back-off: it has just shown it is reachable.
     */
    private void correct(HostState host, Network network, boolean reportedLocked) {
        if (reportedLocked) {
            host.unlockedWhileLockedLogged = false; // whatever happens next, a "reporting unlocked" episode is over
        } else {
            host.lockedWhileUnlockedLogged = false;
        }
        if (host.pending == PendingAction.LOCK && reportedLocked
                || host.pending == PendingAction.UNLOCK && !reportedLocked) {
            // The host already shows the commanded state: its ack is behind this mtcAlive, or was lost.
            log.info("{} mtcAlive reports {} ({}) ; {} complete", host.name(), reportedLocked ? "locked" : "unlocked",
                    network.wireName(), reportedLocked ? "lock" : "unlock");
            host.cancelRetry();
            host.pending = PendingAction.NONE;
            return;
        }
        if (!reportedLocked) {
            if (host.adminState == AdminState.LOCKED && host.pending == PendingAction.LOCK) {
                resendPending(host);
            } else if (host.adminState == AdminState.LOCKED) {
                if (!host.unlockedWhileLockedLogged) {
                    host.unlockedWhileLockedLogged = true;
                    if (settings.simplex()) {
                        // Expected in simplex: the volatile file does not survive a reboot there.
                        log.info("{} mtcAlive reporting unlocked while locked ; correcting", host.name());
                    } else {
                        log.warn("{} mtcAlive reporting unlocked while locked ; correcting", host.name());
                    }
                }
                correctTowardAdminState(host);
            }
        } else {
            if (host.adminState == AdminState.UNLOCKED && host.pending == PendingAction.UNLOCK) {
                resendPending(host);
            } else if (host.adminState == AdminState.UNLOCKED) {
                if (!host.lockedWhileUnlockedLogged) {
                    host.lockedWhileUnlockedLogged = true;
                    log.info("{} mtcAlive reporting locked while unlocked ; correcting", host.name());
                }
                correctTowardAdminState(host);
            }
        }
    }

    /** Sends the pending command now, unless it was sent within retry.initial.ms. */
    private void resendPending(HostState host) {
        long now = time.nanoTime();
        if (now - host.lastPendingSend < TimeUnit.MILLISECONDS.toNanos(settings.retryInitialMs())) {
            return;
        }
        host.lastPendingSend = now;
        log.debug("{} heard from while its {} is unacknowledged ; resending", host.name(), host.pending);
        sender.send(host, commandOf(host.pending), pendingNetworks(host), false);
    }

    /** LOCKED also goes on pxeboot (not in simplex); UNLOCKED only on management and cluster-host. */
    private List<Network> pendingNetworks(HostState host) {
        return host.pending == PendingAction.LOCK && !settings.simplex() ? ALL : MGMT_CLUSTER;
    }

    /**
     * Sends the correction on each network where none went within retry.initial.ms. When it went on every one of them
     * (a host whose files changed again right after a correction), it goes once that interval is over, rather than at
     * the host's next mtcAlive, seconds later.
     */
    private void sendCorrection(HostState host, int cmd, List<Network> networks) {
        long now = time.nanoTime();
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.retryInitialMs());
        List<Network> due = networks.stream().filter(n -> host.correctionDue(n, now, interval)).toList();
        if (due.isEmpty() && !networks.isEmpty() && !host.correctionScheduled) {
            long waitNanos = networks.stream().mapToLong(n -> host.correctionWaitNanos(n, now, interval)).min()
                    .orElse(interval);
            host.correctionScheduled = true;
            loop.schedule(() -> correctWhenDue(host), Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1));
        }
        sender.send(host, cmd, due, false);
    }

    /** The held-back correction, if the host still reports the opposite of its state and nothing is pending. */
    private void correctWhenDue(HostState host) {
        host.correctionScheduled = false;
        if (inventory.get(host.name()) != host || host.pending != PendingAction.NONE || host.reportedLocked == null
                || host.reportedLocked == (host.adminState == AdminState.LOCKED)) {
            return;
        }
        correctTowardAdminState(host);
    }

    /** LOCKED on every network (management and cluster-host in simplex), UNLOCKED on management and cluster-host. */
    private void correctTowardAdminState(HostState host) {
        if (host.adminState == AdminState.LOCKED) {
            sendCorrection(host, Command.LOCKED, settings.simplex() ? MGMT_CLUSTER : ALL);
        } else {
            sendCorrection(host, Command.UNLOCKED, MGMT_CLUSTER);
        }
    }

    private void onAck(Network network, InetAddress source, MtcMessage ack) {
        HostState host = inventory.byAddress(network, source);
        if (host == null) {
            String ip = source.getHostAddress();
            peerWarnings.warn(peerKey(ip, "ack"), "ack from unknown address " + ip + " on " + network.wireName()
                    + " network ; dropping");
            return;
        }
        host.track(network).ack(time.epochMillis());
        int cmd = ack.cmd();
        boolean completes = cmd == Command.LOCKED && host.pending == PendingAction.LOCK
                || cmd == Command.UNLOCKED && host.pending == PendingAction.UNLOCK;
        if (completes) {
            host.cancelRetry();
            host.pending = PendingAction.NONE;
            log.info("{} {} ACK ({})", host.name(), Command.name(cmd), network.wireName());
        } else {
            duplicateAcks++; // the same command acked on another network, or a resend's ack: counted, not logged
        }
    }

    private void startPending(HostState host, PendingAction action) {
        host.cancelRetry();
        host.pending = action;
        host.pendingSince = time.nanoTime();
        host.lastPendingSend = host.pendingSince;
        // LOCKED goes on every network the host has at once, pxeboot included: a host reachable only over pxeboot
        // is locked without waiting for the first retry.
        sender.send(host, commandOf(action), pendingNetworks(host), true);
        scheduleRetry(host, settings.retryInitialMs());
    }

    private void scheduleRetry(HostState host, long delayMs) {
        long generation = host.retryGeneration;
        host.retryTimer = loop.schedule(() -> retry(host, generation), delayMs);
    }

    /** Resends until acked, backing off to retry.max.ms; a LOCKED retry also goes on pxeboot (not in simplex). */
    private void retry(HostState host, long generation) {
        boolean stale = host.retryGeneration != generation || inventory.get(host.name()) != host;
        if (stale || host.pending == PendingAction.NONE) {
            return;
        }
        long now = time.nanoTime();
        if (now - host.pendingSince >= TimeUnit.MILLISECONDS.toNanos(settings.retryGiveUpMs())) {
            log.warn("{} has not acknowledged {} within {} ms ; no longer retrying (corrected when heard from)",
                    host.name(), host.pending == PendingAction.LOCK ? "lock" : "unlock", settings.retryGiveUpMs());
            host.cancelRetry();
            host.pending = PendingAction.NONE;
            return;
        }
        host.attempts++;
        host.lastPendingSend = now;
        List<Network> networks = pendingNetworks(host);
        if (host.attempts == 1) {
            log.info("{} {} not acknowledged within {} ms ; retrying{}", host.name(),
                    CommandSender.label(commandOf(host.pending)), settings.retryInitialMs(),
                    networks.contains(Network.PXEBOOT) ? " (also on Pxeboot)" : "");
        }
        sender.send(host, commandOf(host.pending), networks, false);
        long delay = Math.min(settings.retryInitialMs() << Math.min(host.attempts, 20), settings.retryMaxMs());
        scheduleRetry(host, delay);
    }

    /** The C++ "locked refresh": LOCKED on management and cluster-host to every locked host that is online. */
    private void onlineAudit() {
        if (!leadership.mayCommand()) {
            return; // the standby's audits run on the active controller
        }
        inSlices(host -> {
            if (host.adminState == AdminState.LOCKED && host.pending != PendingAction.LOCK
                    && host.seenWithin(time.epochMillis(), onlineWindowMillis())) {
                sender.send(host, Command.LOCKED, MGMT_CLUSTER, false);
            }
        });
    }

    private void pxebootMonitor() {
        if (!leadership.mayCommand()) {
            return; // alarms are the active controller's
        }
        if (settings.simplex() || !transports.has(Network.PXEBOOT)) {
            return; // pxeboot not provisioned on this controller
        }
        inSlices(host -> {
            if (!host.addresses.containsKey(Network.PXEBOOT)) {
                return;
            }
            PxebootMonitor monitor = host.pxebootMonitor;
            if (!host.sendsPxebootMtcAlive) {
                applyPxebootStep(host, monitor.skip(false)); // its client has not said it sends pxeboot mtcAlive
            } else if (host.adminState == AdminState.LOCKED) {
                applyPxebootStep(host, monitor.skip(true));
            } else if (host.pending == PendingAction.UNLOCK
                    || !host.seenWithin(time.epochMillis(), onlineWindowMillis())) {
                applyPxebootStep(host, monitor.skip(false)); // unlock in progress, or offline: not judged now
            } else {
                applyPxebootStep(host, monitor.tick());
            }
        });
    }

    /**
     * Visits every host, {@link #AUDIT_SLICE} per event-loop task: with thousands of hosts an audit in one task
     * would hold the loop for tens of milliseconds (a send each), and every mtcAlive behind it would wait. A host
     * removed before its slice runs is skipped.
     */
    private void inSlices(Consumer<HostState> visit) {
        visitSlice(List.copyOf(inventory.all()), 0, visit);
    }

    private void visitSlice(List<HostState> hosts, int from, Consumer<HostState> visit) {
        int to = Math.min(hosts.size(), from + AUDIT_SLICE);
        for (int i = from; i < to; i++) {
            HostState host = hosts.get(i);
            if (inventory.get(host.name()) == host) {
                visit.accept(host);
            }
        }
        if (to < hosts.size()) {
            loop.execute(() -> visitSlice(hosts, to, visit));
        }
    }

    private void applyPxebootStep(HostState host, PxebootMonitor.Step step) {
        if (step.sendRequest()) {
            sender.send(host, Command.REQ_MTCALIVE, List.of(Network.PXEBOOT), false);
        }
        if (step.lossesLeft() >= 0) {
            log.info("{} pxeboot mtcAlive lost ; {} more loss before alarm assertion", host.name(), step.lossesLeft());
        }
        switch (step.alarm()) {
            case RAISED -> {
                log.warn("{} pxeboot network communication failure (alarm 200.003 minor raised)", host.name());
                alarms.set(MtceAlarms.pxebootFailure(host.name()));
            }
            case CLEARED -> {
                log.info("{} pxeboot network communication recovered (alarm 200.003 cleared)", host.name());
                alarms.clear(MtceAlarms.pxebootKey(host.name()));
            }
            default -> {
            }
        }
    }

    @Override
    public ControllerStatus controllerStatus() {
        Map<String, String> health = leadership.endpointHealth(); // network calls: off the loop
        return new ControllerStatus(leadership.self(), leadership.mayCommand(), leadership.holder(),
                inventory.store().describe(), health);
    }

    @Override
    public ControllerStatus swact() throws AgentException {
        leadership.handOver();
        return controllerStatus();
    }

    // ---- active / standby ------------------------------------------------------------------------------------

    /**
     * Becoming active, the agent reads the inventory again (the watch may lag) and drives every host it knows to be
     * off its admin state at once: the pending commands, and the mismatches the hosts' mtcAlives showed meanwhile.
     */
    private void activityChanged(boolean active) {
        if (!active) {
            log.warn("standby: no commands, audits or alarms from this controller until it is active again");
            return;
        }
        try {
            inventory.store().resync().forEach(this::applyElsewhere);
        } catch (AgentException e) {
            log.warn("taking over without reading the inventory again: {}", e.getMessage());
        }
        int resent = 0;
        int corrected = 0;
        for (HostState host : List.copyOf(inventory.all())) {
            if (host.pending != PendingAction.NONE) {
                host.lastPendingSend = time.nanoTime();
                sender.send(host, commandOf(host.pending), pendingNetworks(host), false);
                resent++;
            } else if (host.reportedLocked != null && host.reportedLocked != (host.adminState == AdminState.LOCKED)) {
                correctTowardAdminState(host);
                corrected++;
            }
        }
        log.info("active: took over with {} host(s) ; {} pending command(s) resent, {} mismatch(es) corrected",
                inventory.size(), resent, corrected);
    }

    // ---- changes made on the other controller ------------------------------------------------------------------

    private void changedElsewhere(InventoryStore.Change change) {
        if (change != InventoryStore.RESYNC) {
            applyElsewhere(change);
            return;
        }
        try {
            inventory.store().resync().forEach(this::applyElsewhere);
        } catch (AgentException e) {
            log.warn("inventory not read again: {}", e.getMessage());
        }
    }

    /** Takes in a change already durable in the shared store: added, removed, locked or unlocked elsewhere. */
    private void applyElsewhere(InventoryStore.Change change) {
        if (!inventory.store().isNew(change)) {
            return;
        }
        HostState host = inventory.get(change.name());
        InventoryJson.Entry entry = change.entry();
        if (entry == null) {
            if (host != null) {
                inventory.removedElsewhere(host);
                filter.known(inventory.addressesByNetwork());
                host.cancelRetry();
                log.info("{} removed (on the other controller)", change.name());
            }
            return;
        }
        if (host == null) {
            addedElsewhere(entry);
            return;
        }
        if (host.adminState == entry.adminState()) {
            return;
        }
        host.adminState = entry.adminState();
        log.info("{} administratively {} (on the other controller)", host.name(),
                entry.adminState() == AdminState.LOCKED ? "locked" : "unlocked");
        if (entry.adminState() == AdminState.LOCKED) {
            host.lockedWhileUnlockedLogged = false;
            applyPxebootStep(host, host.pxebootMonitor.skip(true));
            startPending(host, PendingAction.LOCK);
        } else {
            host.unlockedWhileLockedLogged = false;
            startPending(host, PendingAction.UNLOCK);
        }
    }

    private void addedElsewhere(InventoryJson.Entry entry) {
        String name = entry.spec().name();
        Map<Network, InetAddress> addresses;
        try {
            addresses = HostValidation.validate(entry.spec());
        } catch (IllegalArgumentException e) {
            log.error("{} added on the other controller is invalid here, ignored: {}", name, e.getMessage());
            return;
        }
        String clash = inventory.addressClash(name, addresses);
        if (clash != null) {
            log.error("{} added on the other controller is ignored here: {}", name, clash);
            return;
        }
        inventory.addedElsewhere(newHost(entry.spec(), addresses, entry.adminState()));
        filter.known(inventory.addressesByNetwork());
        log.info("{} added (on the other controller) ; {}", name,
                entry.adminState() == AdminState.LOCKED ? "locked" : "unlocked");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private long onlineWindowMillis() {
        return 2 * settings.onlineAuditMs();
    }

    private static int commandOf(PendingAction action) {
        return action == PendingAction.LOCK ? Command.LOCKED : Command.UNLOCKED;
    }

    private HostState newHost(HostSpec spec, Map<Network, InetAddress> addresses, AdminState adminState) {
        return new HostState(spec, addresses, adminState,
                new PxebootMonitor(settings.pxebootMissThreshold(), settings.pxebootLossThreshold()));
    }

    private HostState require(String name) throws AgentException {
        HostState host = inventory.get(name);
        if (host == null) {
            throw new AgentException(AgentException.Reason.UNKNOWN_HOST, "unknown host '" + name + "'");
        }
        return host;
    }

    /** Also raises 200.001 on lock and clears it on unlock, as the C++ agent does. */
    private void setAdminState(HostState host, AdminState state) throws AgentException {
        if (inventory.setAdminState(host, state)) {
            log.info("{} administratively {}", host.name(), state == AdminState.LOCKED ? "locked" : "unlocked");
        }
        if (state == AdminState.LOCKED) {
            alarms.set(MtceAlarms.locked(host.name()));
        } else {
            alarms.clear(MtceAlarms.lockedKey(host.name()));
        }
    }

    /**
     * A sink that bound holds {@code reported}, which the agent has neither raised nor cleared since it started: the
     * C++ agent's load of a host's alarms from the fault manager. A pxeboot alarm of an unlocked host is taken up
     * again (its monitor restored); anything else (the host is gone, locked or without a monitored pxeboot network,
     * or 200.001 of an unlocked host) is stale.
     */
    private boolean adoptAlarm(Alarm reported) {
        String name = Alarm.hostOf(reported.entityInstance());
        HostState host = name == null ? null : inventory.get(name);
        if (host == null || !MtceAlarms.PXEBOOT_ID.equals(reported.id()) || host.adminState != AdminState.UNLOCKED
                || settings.simplex() || !host.addresses.containsKey(Network.PXEBOOT)) {
            return false;
        }
        host.pxebootMonitor.restoreAlarm();
        return true;
    }
}
