package io.mtce.protocol;

/** Command and message codes carried in {@code cmd} (nodeBase.h), with the names the C++ daemons log. */
public final class Command {
    public static final int NONE = 0x00;
    public static final int LOOPBACK = 0x01;
    public static final int REBOOT = 0x02;
    public static final int WIPEDISK = 0x03;
    public static final int RESET = 0x04;
    public static final int MTCALIVE = 0x05;
    public static final int REQ_MTCALIVE = 0x06;
    public static final int MAIN_GOENABLED = 0x07;
    public static final int SUBF_GOENABLED = 0x08;
    public static final int REQ_MAIN_GOENABLED = 0x09;
    public static final int REQ_SUBF_GOENABLED = 0x0A;
    public static final int MAIN_GOENABLED_FAILED = 0x0B;
    public static final int SUBF_GOENABLED_FAILED = 0x0C;
    public static final int LOCKED = 0x0D;
    public static final int LAZY_REBOOT = 0x14;
    public static final int HOST_SVCS_RESULT = 0x15;
    public static final int INFO = 0x16;
    public static final int SYNC = 0x17;
    public static final int UNLOCKED = 0x18;
    /** The first code past the known range (was 24 before UNLOCKED existed). */
    public static final int LAST = 0x19;

    /**
     * A service's ready event ({@code MTC_EVENT_MONITOR_READY}), sent with the event header.
     *
     * @since 1.3
     */
    public static final int EVENT_MONITOR_READY = 0xF0F0F0F0;

    /** Index of LOCKED's persist flag ({@code MTC_PARM_LOCK_PERSIST_IDX}). */
    public static final int PARM_LOCK_PERSIST = 0;

    private Command() {
    }

    /** The C++ {@code get_mtcNodeCommand_str} name of {@code code}, or "unknown". */
    public static String name(int code) {
        switch (code) {
            case NONE: return "none";
            case LOOPBACK: return "loopback";
            case REBOOT: return "reboot";
            case WIPEDISK: return "wipedisk";
            case RESET: return "reset";
            case MTCALIVE: return "mtcAlive msg";
            case REQ_MTCALIVE: return "mtcAlive req";
            case MAIN_GOENABLED: return "goEnabled main";
            case SUBF_GOENABLED: return "goEnabled subf";
            case REQ_MAIN_GOENABLED: return "goEnabled main req";
            case REQ_SUBF_GOENABLED: return "goEnabled subf req";
            case MAIN_GOENABLED_FAILED: return "goEnabled main failed";
            case SUBF_GOENABLED_FAILED: return "goEnabled subf failed";
            case LOCKED: return "locked msg";
            case LAZY_REBOOT: return "lazy reboot";
            case HOST_SVCS_RESULT: return "host services result";
            case INFO: return "info msg";
            case SYNC: return "sync";
            case UNLOCKED: return "unlocked msg";
            default: return "unknown";
        }
    }

    /** @return whether {@code code} is one this implementation knows */
    public static boolean isKnown(int code) {
        return !"unknown".equals(name(code));
    }
}
