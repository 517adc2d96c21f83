package io.mtce.transport;

import java.time.Instant;
import java.util.Objects;

/** Whether a transport can send and receive, since when, and if not, why. Immutable. */
public final class TransportState {

    private final boolean up;
    private final String reason;
    private final Instant since;

    private TransportState(boolean up, String reason, Instant since) {
        this.up = up;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.since = Objects.requireNonNull(since, "since");
    }

    /** UP as of now. */
    public static TransportState up() {
        return new TransportState(true, "", Instant.now());
    }

    /** DOWN as of now, because of {@code reason}. */
    public static TransportState down(String reason) {
        return new TransportState(false, reason, Instant.now());
    }

    /** Whether the socket is bound. */
    public boolean isUp() {
        return up;
    }

    /** Why the transport is DOWN; empty when it is UP. */
    public String reason() {
        return reason;
    }

    /** When the transport entered this state. */
    public Instant since() {
        return since;
    }

    /** Same up flag and reason; {@code since} is ignored. */
    public boolean sameAs(TransportState other) {
        return other != null && up == other.up && reason.equals(other.reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportState && sameAs((TransportState) o) && since.equals(((TransportState) o).since);
    }

    @Override
    public int hashCode() {
        return Objects.hash(up, reason, since);
    }

    @Override
    public String toString() {
        return up ? "UP" : "DOWN: " + reason;
    }
}
