package io.mtce.lifecycle.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework from a JVM shutdown hook, so that SIGTERM (a service manager's stop) deactivates every component
 * as {@code stop 0} does: neither the bnd launcher nor Felix registers such a hook, and without one the JVM exits with
 * every bundle active, after waiting up to 300 ms for the transports' threads blocked in a socket read.
 */
@Component(immediate = true)
public final class StopFrameworkOnExit {
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.lifecycle");
    /**
     * How long SIGTERM waits for the framework to stop before the JVM exits anyway (the service manager's stop must
     * take at most 1 s, also on a starved CPU): every flag-file and inventory change is durable when it is made (temp
     * file, fsync, rename), so an exit in the middle of a component's deactivation loses nothing.
     * {@code mtce.stop.budget.ms} changes it.
     */
    static final long STOP_BUDGET_MS = Long.getLong("mtce.stop.budget.ms", 500);

    private final Thread hook;

    @Activate
    public StopFrameworkOnExit(BundleContext context) {
        Bundle system = context.getBundle(0);
        this.hook = new Thread(() -> stop(system), "mtce-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting, and this hook is what stops the framework
        }
    }

    /** Stops the framework, or waits for a stop already under way (Gogo's EOF, {@code stop 0}) to end. */
    private static void stop(Bundle system) {
        if ((system.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            return;
        }
        LOG.info("JVM exiting (SIGTERM?): stopping the framework");
        try {
            long t0 = System.nanoTime();
            system.stop(); // returns at once when the framework is stopping already
            if (system instanceof Framework framework) {
                long left = STOP_BUDGET_MS - (System.nanoTime() - t0) / 1_000_000;
                if (left <= 0 || framework.waitForStop(left).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    LOG.warn("the framework is still stopping after {} ms: exiting anyway (every flag-file and"
                            + " inventory change is durable when made)", STOP_BUDGET_MS);
                }
            }
        } catch (BundleException e) {
            LOG.warn("stopping the framework at JVM exit failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
