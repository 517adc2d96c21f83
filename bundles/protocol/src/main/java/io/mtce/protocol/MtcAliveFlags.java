package io.mtce.protocol;

/** Bits of the mtcAlive flags word ({@code parm[2]}). */
public final class MtcAliveFlags {
    public static final int I_AM_CONFIGURED = 0x1;
    public static final int I_AM_NOT_HEALTHY = 0x2;
    public static final int I_AM_HEALTHY = 0x4;
    /** Set iff the volatile node-locked file exists on the sender. */
    public static final int I_AM_LOCKED = 0x8;
    public static final int SUBF_CONFIGURED = 0x10;
    public static final int MAIN_GOENABLED = 0x20;
    public static final int SUBF_GOENABLED = 0x40;
    public static final int SM_DEGRADED = 0x80;
    public static final int PATCHING = 0x100;
    public static final int PATCHED = 0x200;
    public static final int LUKS_VOL_FAILED = 0x400;
    public static final int SM_UNHEALTHY = 0x1000;

    /** mtcAlive parm indexes. */
    public static final int PARM_UPTIME = 0;
    public static final int PARM_HEALTH = 1;
    public static final int PARM_FLAGS = 2;
    public static final int PARM_SEQUENCE = 3;

    /** Health values in parm[1]. */
    public static final int HEALTH_UNKNOWN = 0;
    public static final int HEALTH_HEALTHY = 1;
    public static final int HEALTH_UNHEALTHY = 2;

    private MtcAliveFlags() {
    }

    public static boolean isLocked(int flags) {
        return (flags & I_AM_LOCKED) != 0;
    }
}
