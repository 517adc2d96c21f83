package io.mtce.client.internal;

import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagStateListener;
import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Sends mtcAlive on every UP client transport each period, in the C++ order pxeboot, management, cluster-host, to
 * that network's controller addresses (on pxeboot, the ones {@link PxebootControllers} knows). On the first tick and
 * every {@link #READY_EVENT_TICKS} after, it also sends the mtcClient ready event, as the C++ client does: on
 * management to the floating controller address, and on pxeboot to the active controller once a request named it;
 * it tells the agent that this client sends pxeboot mtcAlive. When the flag files change (a command, or a correction
 * the agent did not ask for) it sends an extra mtcAlive at once, so the agent sees the new state without waiting a
 * period; it is sent on the thread that reports the change, not handed to this sender's own thread. A transport
 * added later is used from the next tick; a failing send is logged when its outcome changes and never stops the
 * other networks. Runs from construction until {@link #stop()}.
 */
final class MtcAliveSender implements FlagStateListener {
    private static final List<Network> ORDER = Network.sendOrder();
    /** The C++ client resends its ready event every minute: 12 ticks of its 5 s mtcAlive timer. */
    static final int READY_EVENT_TICKS = 12;

    private final ClientSettings settings;
    private final MtcAliveComposer composer;
    private final PxebootControllers pxeboot;
    private final Logger log;
    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    /** Last failure per "network address"; guarded by this. */
    private final Map<String, String> failures = new HashMap<>();
    private final ScheduledExecutorService executor;
    /** Ticks until the next ready event; guarded by this. */
    private int readyCountdown;
    private volatile boolean stopped;

    MtcAliveSender(ClientSettings settings, MtcAliveComposer composer, Logger log) {
        this(settings, composer, new PxebootControllers(settings, log), log);
    }

    MtcAliveSender(ClientSettings settings, MtcAliveComposer composer, PxebootControllers pxeboot, Logger log) {
        this.settings = settings;
        this.composer = composer;
        this.pxeboot = pxeboot;
        this.log = log;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mtce-client-mtcalive");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(this::tick, settings.firstDelayMs(), settings.periodMs(), TimeUnit.MILLISECONDS);
        log.info("{} sending mtcAlive every {} ms", settings.hostname(), settings.periodMs());
    }

    /** A client transport to send on (from the next tick, when it is UP). */
    void addTransport(Transport transport) {
        transports.add(transport);
    }

    /** No more sends on {@code transport}; the last one of its network restarts that network's sequence. */
    void removeTransport(Transport transport) {
        transports.remove(transport);
        Network network = transport.network();
        if (transports.stream().noneMatch(t -> t.network() == network)) {
            composer.reset(network);
        }
    }

    /** Runs {@code task} on the sender's thread, after a tick in progress: the health service's ping. */
    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Stops sending; waits up to 2 s for a send in progress. */
    void stop() {
        stopped = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void tick() {
        sendNow();
        if (readyCountdown-- <= 0) {
            readyCountdown = READY_EVENT_TICKS - 1;
            try {
                sendReadyEvent();
            } catch (RuntimeException e) {
                log.error("ready event failed", e);
            }
        }
    }

    /** Sends at once on the calling thread (the flag service's listener thread): no hand-over to this one's. */
    @Override
    public void flagsChanged(FlagChange change) {
        if (change.kind() == FlagChange.Kind.FAILED) {
            return;
        }
        if (stopped) {
            log.debug("flag change after stop: no extra mtcAlive");
            return;
        }
        sendNow();
    }

    private synchronized void sendNow() {
        for (Network network : ORDER) {
            try {
                send(network);
            } catch (RuntimeException e) {
                log.error("mtcAlive on {} network failed", network.wireName(), e);
            }
        }
    }

    private void send(Network network) {
        List<InetAddress> targets = network == Network.PXEBOOT ? pxeboot.targets() : settings.controllers(network);
        Transport transport = up(network);
        if (targets.isEmpty() || transport == null) {
            log.debug("no mtcAlive on {} network ({})", network.wireName(),
                    targets.isEmpty() ? "no controller address" : "no transport up");
            return;
        }
        sendTo(transport, targets, ByteBuffer.wrap(composer.next(network)).asReadOnlyBuffer(), "mtcAlive");
    }

    private void sendReadyEvent() {
        InetAddress active = pxeboot.active().orElse(null);
        ByteBuffer event = ByteBuffer.wrap(composer.readyEvent(active == null ? "" : active.getHostAddress()))
                .asReadOnlyBuffer();
        Transport mgmt = up(Network.MANAGEMENT);
        if (mgmt != null) {
            sendTo(mgmt, settings.controllers(Network.MANAGEMENT), event, "ready event");
        }
        Transport pxe = up(Network.PXEBOOT);
        if (pxe != null && active != null) {
            sendTo(pxe, List.of(active), event, "ready event");
        }
        log.debug("{} mtcClient ready event sent", settings.hostname());
    }

    private Transport up(Network network) {
        return transports.stream().filter(t -> t.network() == network && t.state().isUp()).findFirst().orElse(null);
    }

    private void sendTo(Transport transport, List<InetAddress> targets, ByteBuffer datagram, String what) {
        Network network = transport.network();
        for (InetAddress target : targets) {
            String key = what + " " + network.wireName() + " " + target.getHostAddress();
            try {
                transport.send(target, datagram);
                if (failures.remove(key) != null) {
                    log.info("{} to {} on {} network recovered", what, target.getHostAddress(), network.wireName());
                }
            } catch (IOException e) {
                String reason = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
                if (!reason.equals(failures.put(key, reason))) {
                    log.warn("{} to {} on {} network failed: {}", what, target.getHostAddress(), network.wireName(),
                            reason);
                }
            }
        }
    }
}
