package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or the timeout passes. */
final class Await {

    private Await() {
    }

    /** @return milliseconds until {@code condition} held, measured from {@code startNanos} */
    static long await(BooleanSupplier condition, Duration timeout, long startNanos, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static long await(BooleanSupplier condition, Duration timeout, String what) {
        return await(condition, timeout, System.nanoTime(), what);
    }
}
