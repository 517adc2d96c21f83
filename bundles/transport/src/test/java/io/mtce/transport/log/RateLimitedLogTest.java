package io.mtce.transport.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {

    /** A Logger that records the formatted warn lines. */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn") && args != null && args[0] instanceof String) {
                        String line = (String) args[0];
                        for (int i = 1; i < args.length; i++) {
                            line = line.replaceFirst("\\{\\}", String.valueOf(args[i]));
                        }
                        lines.add(line);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void oneLinePerKeyPerIntervalWithTheSuppressedCount() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(recording(lines), 1000, now::get);
        for (int i = 0; i < 100_000; i++) {
            log.warn("10.0.0.9 short", "short datagram from 10.0.0.9");
        }
        log.warn("10.0.0.8 short", "short datagram from 10.0.0.8");
        assertEquals(List.of("short datagram from 10.0.0.9", "short datagram from 10.0.0.8"), lines);
        now.addAndGet(1_000_000_000L);
        log.warn("10.0.0.9 short", "short datagram from 10.0.0.9");
        assertEquals("short datagram from 10.0.0.9 (99999 similar suppressed)", lines.get(2));
    }
}
