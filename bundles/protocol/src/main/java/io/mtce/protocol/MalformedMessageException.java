package io.mtce.protocol;

/**
 * A datagram that is not a valid maintenance message. The only exception a {@link MessageCodec} decode method
 * throws; its message names what is wrong and the byte offset where it was found.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the datagram. */
    public enum Reason {
        /** Shorter than the 100-byte fixed part. */
        TOO_SHORT,
        /** Longer than the 1060-byte struct. */
        TOO_LONG,
        /** hdr does not start with a known signature. */
        UNKNOWN_HEADER,
        /** hdr has no NUL within its 64 bytes, or its MAC string is not printable ASCII. */
        BAD_HEADER,
        /** num is greater than 5. */
        BAD_NUM,
        /** The received part of buf has no terminating NUL. */
        UNTERMINATED_BUF,
        /** buf is not valid UTF-8. */
        BAD_ENCODING,
        /** buf is not the JSON the message type requires, or a required key is missing or of the wrong type. */
        BAD_PAYLOAD,
        /** The message is not of the type the caller asked to interpret it as. */
        WRONG_TYPE
    }

    private final Reason reason;
    private final int offset;

    public MalformedMessageException(Reason reason, int offset, String detail) {
        super(reason + " at byte " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** The byte offset in the datagram where the problem was found. */
    public int offset() {
        return offset;
    }
}
