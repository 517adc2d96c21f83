package io.mtce.protocol;

import java.nio.charset.StandardCharsets;

/** The 17-character signatures that open {@code hdr}; the byte after them is a NUL or, in commands, the target MAC. */
public enum Header {
    /** Agent to client commands. */
    CMD_REQ("cgts mtc cmd req:"),
    /** Client to agent command acknowledgements. */
    CMD_RSP("cgts mtc cmd rsp:"),
    /** Agent to client goEnabled replies. */
    REP_MSG("cgts mtc rep msg:"),
    /** Client to agent mtcAlive and goEnabled messages. */
    WORKER("cgts mtc message:"),
    /** Client to agent events. */
    EVENT("mtce event msg  :");

    /** Length of every signature, without its NUL. */
    public static final int SIGNATURE_LENGTH = 17;

    private final String text;
    private final byte[] bytes;

    Header(String text) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }

    public String text() {
        return text;
    }

    /** @return a copy of the 17 ASCII bytes of the signature */
    public byte[] bytes() {
        return bytes.clone();
    }
}
