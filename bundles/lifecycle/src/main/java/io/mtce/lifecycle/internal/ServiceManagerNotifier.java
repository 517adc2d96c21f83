package io.mtce.lifecycle.internal;

import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.health.HealthService;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd (sd_notify(3), through NOTIFY_SOCKET) what the {@link HealthService} knows, when the container runs as
 * a {@code Type=notify} service: READY=1 once it is ready (every configured component active, every transport
 * bound), a STATUS= line whenever it changes, WATCHDOG=1 every WATCHDOG_USEC/2 only while every event loop is live
 * (so that a wedged loop gets the service restarted), and STOPPING=1 as soon as the JVM is asked to exit. Without
 * NOTIFY_SOCKET it does nothing.
 */
@Component(immediate = true)
public final class ServiceManagerNotifier {
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.lifecycle");
    private static final long MAX_TICK_MILLIS = 1_000;
    /**
     * How often the health is looked at until READY=1 is sent: systemd holds back the units ordered after this one
     * until then, so READY must follow the last component's activation closely (at the regular period it came up to
     * a second late). Each look costs a few SCR DTOs: at 20 ms, about 2 % of a start's CPU.
     */
    static final long STARTING_TICK_MILLIS = 20;
    /** A container not ready this long after the notifier started is looked at at the regular period again. */
    static final long STARTING_MILLIS = 60_000;

    private final Supplier<Health> health;
    private final LongSupplier nanoTime;
    private final Logger log;
    private final NotifySocket socket;
    private final long keepAliveNanos;
    private final ScheduledExecutorService ticker;
    private final long tickMillis;
    private final long startingUntil;
    private final Thread stoppingHook;
    private final AtomicBoolean stopping = new AtomicBoolean();
    // Touched by the ticker thread only:
    private boolean readySent;
    private String lastStatus = "";
    private long lastKeepAlive;
    private boolean withheld;

    @Activate
    public ServiceManagerNotifier(@Reference HealthService health) {
        this(health::health, System.getenv(), ProcessHandle.current().pid(), System::nanoTime, LOG);
    }

    /**
     * @param env the process environment: NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID
     * @param pid this process's pid, for WATCHDOG_PID
     */
    ServiceManagerNotifier(Supplier<Health> health, Map<String, String> env, long pid, LongSupplier nanoTime,
            Logger log) {
        this.health = health;
        this.nanoTime = nanoTime;
        this.log = log;
        String target = env.get("NOTIFY_SOCKET");
        NotifySocket opened = null;
        if (target != null && !target.isEmpty()) {
            try {
                opened = NotifySocket.open(target);
            } catch (IOException | RuntimeException | LinkageError e) {
                log.warn("cannot tell the service manager anything (NOTIFY_SOCKET={}): {}", target, e.toString());
            }
        }
        this.socket = opened;
        if (socket == null) {
            this.keepAliveNanos = 0;
            this.ticker = null;
            this.tickMillis = 0;
            this.startingUntil = 0;
            this.stoppingHook = null;
            return;
        }
        this.keepAliveNanos = keepAliveNanos(env, pid);
        this.tickMillis = keepAliveNanos == 0 ? MAX_TICK_MILLIS
                : Math.max(10, Math.min(MAX_TICK_MILLIS, TimeUnit.NANOSECONDS.toMillis(keepAliveNanos) / 2));
        this.lastKeepAlive = nanoTime.getAsLong() - keepAliveNanos;
        this.startingUntil = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(STARTING_MILLIS);
        log.info("telling the service manager at {} readiness and status{}", target, keepAliveNanos == 0 ? ""
                : ", and keep-alives every " + TimeUnit.NANOSECONDS.toMillis(keepAliveNanos) + " ms while live");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mtce-sd-notify");
            t.setDaemon(true);
            return t;
        });
        this.stoppingHook = new Thread(this::stopping, "mtce-sd-notify-stopping");
        Runtime.getRuntime().addShutdownHook(stoppingHook);
        ticker.execute(this::tickAndReschedule);
    }

    /**
     * One tick, then the next: every {@link #STARTING_TICK_MILLIS} until READY=1 is sent (for at most
     * {@link #STARTING_MILLIS}), every tick period after.
     */
    private void tickAndReschedule() {
        try {
            tick();
        } finally {
            boolean starting = !readySent && nanoTime.getAsLong() - startingUntil < 0;
            try {
                ticker.schedule(this::tickAndReschedule, starting ? Math.min(tickMillis, STARTING_TICK_MILLIS)
                        : tickMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException deactivated) {
                // the component stopped while this tick ran
            }
        }
    }

    /** Half of WATCHDOG_USEC, as sd_watchdog_enabled(3) advises; 0 when there is no watchdog for this process. */
    static long keepAliveNanos(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return 0;
        }
        try {
            long value = Long.parseLong(usec.trim());
            return value > 0 ? TimeUnit.MICROSECONDS.toNanos(value) / 2 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Deactivate
    void deactivate() {
        if (socket == null) {
            return;
        }
        stopping();
        ticker.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(stoppingHook);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run
        }
        socket.close();
    }

    /** One look at the health: READY=1, STATUS= and WATCHDOG=1 as due, in one datagram. */
    void tick() {
        if (stopping.get()) {
            return;
        }
        Health now;
        try {
            now = health.get();
        } catch (RuntimeException e) {
            log.warn("cannot tell the health: {}", e.toString());
            return;
        }
        StringBuilder message = new StringBuilder();
        if (!readySent && now.ready()) {
            message.append("READY=1\n");
            readySent = true;
            log.info("ready, told the service manager: {}", now.status());
        }
        if (!now.status().equals(lastStatus)) {
            message.append("STATUS=").append(now.status()).append('\n');
            lastStatus = now.status();
        }
        long t = nanoTime.getAsLong();
        if (keepAliveNanos > 0 && t - lastKeepAlive >= keepAliveNanos) {
            if (now.live()) {
                message.append("WATCHDOG=1\n");
                lastKeepAlive = t;
                if (withheld) {
                    log.info("every event loop responds again: keep-alives resumed");
                    withheld = false;
                }
            } else if (!withheld) {
                withheld = true;
                log.error("withholding the watchdog keep-alive, so that the service manager restarts the container: {}",
                        now.problems().stream().filter(c -> c.kind() == Check.Kind.LOOP)
                                .map(c -> c.name() + " " + c.detail()).collect(Collectors.joining("; ")));
            }
        }
        if (message.length() > 0) {
            send(message.substring(0, message.length() - 1));
        }
    }

    /** STOPPING=1, once: from the JVM's shutdown hook on SIGTERM, or when this component stops. */
    void stopping() {
        if (stopping.compareAndSet(false, true)) {
            send("STOPPING=1\nSTATUS=stopping");
        }
    }

    private void send(String message) {
        try {
            socket.send(message);
        } catch (IOException e) {
            log.warn("{}", e.getMessage());
        }
    }
}
