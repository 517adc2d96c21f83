package io.mtce.protocol;

/** Sizes and offsets of the packed little-endian {@code mtc_message_type} (nodeBase.h). */
public final class WireFormat {
    public static final int HDR_SIZE = 64;
    public static final int OFFSET_VER = 64;
    public static final int OFFSET_REV = 66;
    public static final int OFFSET_RES = 68;
    public static final int OFFSET_CMD = 72;
    public static final int OFFSET_NUM = 76;
    public static final int OFFSET_PARM = 80;
    public static final int MAX_PARMS = 5;
    public static final int OFFSET_BUF = 100;
    public static final int BUF_SIZE = 960;
    /** Bytes before {@code buf}: what an acknowledgement carries. */
    public static final int FIXED_SIZE = OFFSET_BUF;
    /** {@code sizeof(mtc_message_type)}. */
    public static final int MESSAGE_SIZE = FIXED_SIZE + BUF_SIZE;
    /** Longest payload string that fits with its NUL. */
    public static final int MAX_PAYLOAD_BYTES = BUF_SIZE - 1;
    /** Where the target MAC is written in command headers, over the signature's NUL. */
    public static final int OFFSET_MAC = Header.SIGNATURE_LENGTH;

    /** {@code MTC_CMD_VERSION}: the version agents put in commands; clients check the MAC from this version on. */
    public static final int CMD_VERSION = 1;
    public static final int CMD_REVISION = 0;

    private WireFormat() {
    }
}
