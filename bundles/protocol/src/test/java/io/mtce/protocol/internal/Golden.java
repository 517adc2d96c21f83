package io.mtce.protocol.internal;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;

/**
 * Golden datagrams written byte by byte from mtce-spec.md sections 1.1-1.7, and the messages they carry. Offsets:
 * hdr 0, ver 64, rev 66, res 68, cmd 72, num 76, parm[i] 80+4i, buf 100; all integers little-endian.
 */
final class Golden {
    static final String MAC = "aa:bb:cc:dd:ee:ff";
    /** 47 bytes: a command datagram is 100 + 47 + 1 = 148 bytes. */
    static final String COMMAND_JSON = "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}";
    static final int COMMAND_LENGTH = 148;

    /** 201 bytes: an mtcAlive datagram is 100 + 201 + 1 = 302 bytes. */
    static final String ALIVE_JSON = "{\"hostname\":\"compute-0\",\"personality\":\"worker\","
            + "\"pxeboot_ip\":\"169.254.202.3\",\"mgmt_ip\":\"192.168.204.3\",\"cluster_host_ip\":\"192.168.206.3\","
            + "\"mgmt_mac\":\"08:00:27:aa:bb:cc\",\"interface\":\"Mgmnt\",\"sequence\":42}";
    static final int ALIVE_LENGTH = 302;
    static final int ALIVE_UPTIME = 3600;
    /** I_AM_CONFIGURED | I_AM_HEALTHY | I_AM_LOCKED | MAIN_GOENABLED. */
    static final int FLAGS_LOCKED = 0x2D;
    /** The same without I_AM_LOCKED. */
    static final int FLAGS_UNLOCKED = 0x25;

    private Golden() {
    }

    /** LOCKED on a non-simplex system: num=1, parm[0]=1 (persist). */
    static byte[] lockedPersist() {
        return command(0x0D).bytes(76, 0x01, 0x00, 0x00, 0x00).bytes(80, 0x01, 0x00, 0x00, 0x00).build();
    }

    /** LOCKED on simplex: num=0, no parm. */
    static byte[] lockedNoPersist() {
        return command(0x0D).build();
    }

    static byte[] unlocked() {
        return command(0x18).build();
    }

    /** The client's ack of {@link #lockedPersist()}: 100 bytes, rsp signature over the request header. */
    static byte[] lockedAck() {
        return Datagram.ofLength(100)
                .ascii(0, "cgts mtc cmd rsp:") // hdr[17] = NUL, over the MAC's first character
                .ascii(18, "a:bb:cc:dd:ee:ff") // hdr[18..33] = the rest of the MAC, hdr[34] = its NUL
                .bytes(64, 0x01, 0x00) // ver 1
                .bytes(72, 0x0D, 0x00, 0x00, 0x00) // cmd LOCKED
                .bytes(76, 0x01, 0x00, 0x00, 0x00) // num 1
                .bytes(80, 0x01, 0x00, 0x00, 0x00) // parm[0] 1
                .build();
    }

    static byte[] mtcAlive(int flags) {
        return Datagram.ofLength(ALIVE_LENGTH)
                .ascii(0, "cgts mtc message:") // hdr[17] = NUL
                // ver, rev, res 0
                .bytes(72, 0x05, 0x00, 0x00, 0x00) // cmd MTCALIVE
                .bytes(76, 0x04, 0x00, 0x00, 0x00) // num 4
                .bytes(80, 0x10, 0x0E, 0x00, 0x00) // parm[0] uptime 3600
                .bytes(84, 0x01, 0x00, 0x00, 0x00) // parm[1] health 1 (healthy)
                .bytes(88, flags, 0x00, 0x00, 0x00) // parm[2] flags
                .bytes(92, 0x2A, 0x00, 0x00, 0x00) // parm[3] sequence 42
                .ascii(100, ALIVE_JSON) // buf[201] = offset 301 = NUL
                .build();
    }

    static MtcMessage lockedPersistMessage() {
        return MtcMessage.command(Command.LOCKED, MAC, new int[] {1}, COMMAND_JSON);
    }

    static MtcMessage lockedNoPersistMessage() {
        return MtcMessage.command(Command.LOCKED, MAC, new int[0], COMMAND_JSON);
    }

    static MtcMessage unlockedMessage() {
        return MtcMessage.command(Command.UNLOCKED, MAC, null, COMMAND_JSON);
    }

    static MtcAlive alive(int flags) {
        return new MtcAlive("compute-0", "worker", "169.254.202.3", "192.168.204.3", "192.168.206.3",
                "08:00:27:aa:bb:cc", Network.MANAGEMENT, ALIVE_UPTIME, 1, flags, 42);
    }

    static MtcMessage aliveMessage(int flags) {
        return new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE,
                new int[] {ALIVE_UPTIME, 1, flags, 42}, ALIVE_JSON);
    }

    /** Every valid golden datagram. */
    static byte[][] all() {
        return new byte[][] {lockedPersist(), lockedNoPersist(), unlocked(), lockedAck(), mtcAlive(FLAGS_LOCKED),
            mtcAlive(FLAGS_UNLOCKED)};
    }

    private static Datagram command(int cmd) {
        return Datagram.ofLength(COMMAND_LENGTH)
                .ascii(0, "cgts mtc cmd req:")
                .ascii(17, MAC) // over the signature's NUL; hdr[34] = NUL
                .bytes(64, 0x01, 0x00) // ver MTC_CMD_VERSION 1, rev 0
                .bytes(72, cmd, 0x00, 0x00, 0x00)
                .ascii(100, COMMAND_JSON); // offset 147 = NUL
    }
}
