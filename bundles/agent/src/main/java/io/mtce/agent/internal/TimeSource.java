package io.mtce.agent.internal;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The agent's time: a monotonic count for intervals (retries, give-up, rate limits, corrections) and the wall clock
 * for what is shown or signed (last seen, online window, statistics start, authentication). Read from any thread.
 */
interface TimeSource {

    /** Monotonic nanoseconds, as {@link System#nanoTime}: only differences mean anything. */
    long nanoTime();

    Clock wallClock();

    default long epochMillis() {
        return wallClock().millis();
    }

    static TimeSource of(Clock wallClock, LongSupplier nanoTime) {
        return new TimeSource() {
            @Override
            public long nanoTime() {
                return nanoTime.getAsLong();
            }

            @Override
            public Clock wallClock() {
                return wallClock;
            }
        };
    }
}
