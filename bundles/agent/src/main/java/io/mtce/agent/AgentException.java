package io.mtce.agent;

/** An operation on the inventory that cannot be done; {@link #reason()} says which kind of failure it is. */
public final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Kinds of failure, so that interfaces can map them (REST: 404, 409, 400, 500). */
    public enum Reason {
        UNKNOWN_HOST,
        DUPLICATE_HOST,
        IN_PROGRESS,
        INVALID,
        STORAGE
    }

    private final Reason reason;

    public AgentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AgentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
