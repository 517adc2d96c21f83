package io.mtce.health;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The container's health, computed when asked. The event loops it watches are {@link java.util.concurrent.Executor}
 * services with the {@link #LOOP} property (the loop's name): each is handed a no-op task every second, and a loop
 * that has not run it within {@link #STALL_MILLIS} is stuck.
 */
@ProviderType
public interface HealthService {

    /** Service property naming an event loop whose {@code Executor} the health service pings. */
    String LOOP = "mtce.loop";

    /** How long a loop may leave a ping unrun before it counts as stuck. */
    long STALL_MILLIS = 10_000;

    Health health();
}
