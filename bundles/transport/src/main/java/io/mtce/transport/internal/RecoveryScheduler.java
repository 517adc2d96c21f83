package io.mtce.transport.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.TransportState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket-recovery audit of spec 2.4, as fixed in the C++ client: every tick, every registered endpoint that is
 * DOWN is retried, in {@link Network#sendOrder()} (pxeboot first), each on its own so that one that keeps failing
 * never keeps the others down. An endpoint DOWN for long gets a reminder in the log every {@link #REMINDER}. Owned
 * by the {@link UdpTransportFactory}, which holds its configuration.
 */
final class RecoveryScheduler implements SocketRecovery {

    static final String PID = "io.mtce.transport.recovery";
    static final long DEFAULT_TICK_MS = 5_000;
    static final Duration REMINDER = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryScheduler.class);
    private static final Comparator<UdpEndpoint> BY_NETWORK =
            Comparator.comparingInt(e -> Network.sendOrder().indexOf(e.config().network()));

    @ObjectClassDefinition(name = "mtce socket recovery",
            description = "Rebinds every failed maintenance socket on every tick, pxeboot first.")
    @interface Config {
        @AttributeDefinition(name = "Tick (ms)", description = "Period of the recovery audit; the C++ client uses its"
                + " 5 s mtcAlive timer.", min = "1")
        long tick_ms() default DEFAULT_TICK_MS;
    }

    private final List<UdpEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private final Map<UdpEndpoint, Instant> reminded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile long tickMillis;
    private ScheduledFuture<?> ticking; // guarded by this

    RecoveryScheduler(Config config) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mtce-socket-recovery");
            t.setDaemon(true);
            return t;
        });
        modified(config);
    }

    synchronized void modified(Config config) {
        long tick = config.tick_ms();
        if (tick < 1) {
            LOG.error("tick.ms: {} is not a period; using {} ms (configuration {})", tick, DEFAULT_TICK_MS, PID);
            tick = DEFAULT_TICK_MS;
        }
        if (ticking != null) {
            ticking.cancel(false);
        }
        tickMillis = tick;
        ticking = executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void close() {
        executor.shutdownNow();
        endpoints.clear();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void register(UdpEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    @Override
    public void unregister(UdpEndpoint endpoint) {
        endpoints.remove(endpoint);
        reminded.remove(endpoint);
    }

    @Override
    public long tickMillis() {
        return tickMillis;
    }

    /** One audit round; runs on the scheduler thread, and in tests directly. */
    void tick() {
        List<UdpEndpoint> round = new ArrayList<>(endpoints);
        round.sort(BY_NETWORK); // stable: same network keeps registration order
        for (UdpEndpoint endpoint : round) {
            try {
                if (!endpoint.retryIfDown()) {
                    remind(endpoint);
                } else {
                    reminded.remove(endpoint);
                }
            } catch (RuntimeException e) {
                LOG.error("{}: recovery attempt failed; the other sockets are still retried",
                        endpoint.config().name(), e);
            }
        }
    }

    private void remind(UdpEndpoint endpoint) {
        TransportState state = endpoint.state();
        Instant now = Instant.now();
        Instant last = reminded.get(endpoint);
        if (last == null || last.isBefore(state.since())) {
            last = state.since();
        }
        if (Duration.between(last, now).compareTo(REMINDER) >= 0 && endpoints.contains(endpoint)) {
            reminded.put(endpoint, now);
            LOG.warn("{} transport still DOWN since {}: {}", endpoint.config().name(), state.since(), state.reason());
        }
    }
}
