package io.mtce.health;

import java.util.Objects;

/**
 * One fact behind the health: a component configuration, a transport or an event loop, whether it is as it should
 * be, and what it is (a component's failure, a transport's reason for being down, how long a loop has been stuck).
 *
 * @param name   a component's configuration PID, a transport's {@code network/role}, a loop's name
 * @param detail the state in words; for a component that failed to activate, the failure (path and error included)
 */
public record Check(Kind kind, String name, boolean ok, String detail) {

    /** What a check is about; components and transports decide readiness, loops liveness. */
    public enum Kind {
        COMPONENT,
        TRANSPORT,
        LOOP
    }

    public Check {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
