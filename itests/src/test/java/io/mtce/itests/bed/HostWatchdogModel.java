package io.mtce.itests.bed;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model of hostwd (spec section 6): pmond sends no quorum pulse while the host is not configured, so every
 * {@code periodMillis} a pulse is missed; after {@code threshold} misses hostwd resets the host, unless the
 * volatile node-locked file exists ("no action while node is locked"). Time is scaled down from 60 s x 3.
 */
public final class HostWatchdogModel implements AutoCloseable {
    private final BedHost host;
    private final long periodMillis;
    private final int threshold;
    private final AtomicInteger resets = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public HostWatchdogModel(BedHost host, long periodMillis, int threshold) {
        this.host = host;
        this.periodMillis = periodMillis;
        this.threshold = threshold;
        this.thread = new Thread(this::run, "hostwd-" + host.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** How many times the model reset the host. */
    public int resets() {
        return resets.get();
    }

    private void run() {
        int missed = 0;
        while (running) {
            try {
                Thread.sleep(periodMillis); // the watchdog's own period, not a test synchronisation
                if (Files.exists(host.volatileFile())) {
                    missed = 0; // locked: no action, and the grace is not used up
                    continue;
                }
                if (++missed >= threshold) {
                    resets.incrementAndGet();
                    host.reset();
                    host.start();
                    missed = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                throw new IllegalStateException("hostwd model could not reset " + host.name(), e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
