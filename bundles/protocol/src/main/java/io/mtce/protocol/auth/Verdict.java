package io.mtce.protocol.auth;

/**
 * The outcome of checking one received datagram: accepted, with the length of the maintenance message to decode
 * (the trailer, and an ack's padding NUL, removed), or rejected with a reason.
 */
public final class Verdict {
    private final Rejection rejection;
    private final String detail;
    private final int length;
    private final boolean signed;

    private Verdict(Rejection rejection, String detail, int length, boolean signed) {
        this.rejection = rejection;
        this.detail = detail;
        this.length = length;
        this.signed = signed;
    }

    static Verdict accepted(int length, boolean signed) {
        return new Verdict(null, signed ? "signed" : "unsigned", length, signed);
    }

    static Verdict rejected(Rejection reason, String detail) {
        return new Verdict(reason, detail, -1, false);
    }

    public boolean accepted() {
        return rejection == null;
    }

    /** @return why it was rejected, or {@code null} when accepted */
    public Rejection rejection() {
        return rejection;
    }

    /** One phrase for the log. */
    public String detail() {
        return detail;
    }

    /** @return the number of bytes, from the datagram's start, that are the maintenance message; -1 when rejected */
    public int length() {
        return length;
    }

    /** Whether the datagram carried a valid signature. */
    public boolean signed() {
        return signed;
    }

    @Override
    public String toString() {
        return accepted() ? "accepted(" + detail + ", " + length + " bytes)" : rejection + ": " + detail;
    }
}
