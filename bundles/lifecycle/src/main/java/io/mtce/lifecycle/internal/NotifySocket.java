package io.mtce.lifecycle.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The service manager's notification socket (sd_notify(3)): an AF_UNIX datagram socket at the path in NOTIFY_SOCKET,
 * or in the abstract namespace when the value starts with '@'. Java 17 has AF_UNIX stream channels only, so the
 * datagrams go through libc by JNA, from this process: systemd sees the main PID as the sender.
 */
final class NotifySocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un): a 2-byte family and 108 bytes of path. */
    private static final int SOCKADDR_UN_BYTES = 110;

    /** The libc calls used, mapped by JNA. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = load();

        /**
         * With jna.nosys=false JNA loads its native stub through the bundle's class loader, which the framework unpacks
         * from Bundle-NativeCode into its cache (data/): by default JNA would unpack a copy into ~/.cache/JNA or the
         * temporary directory, which a hardened unit may not let it write. Outside OSGi it falls back to its own copy.
         */
        private static LibC load() {
            if (System.getProperty("jna.nosys") == null) {
                System.setProperty("jna.nosys", "false");
            }
            return Native.load("c", LibC.class);
        }
    }

    private final String target;
    private final byte[] address;
    private final int addressLength;
    private int fd;

    private NotifySocket(String target, byte[] address, int addressLength, int fd) {
        this.target = target;
        this.address = address;
        this.addressLength = addressLength;
        this.fd = fd;
    }

    /** @param target NOTIFY_SOCKET's value: a path, or '@' and an abstract name */
    static NotifySocket open(String target) throws IOException {
        byte[] address = new byte[SOCKADDR_UN_BYTES];
        int length = sockaddr(target, address);
        int fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot make an AF_UNIX datagram socket: errno " + Native.getLastError());
        }
        return new NotifySocket(target, address, length, fd);
    }

    /** Fills {@code address} with a sockaddr_un for {@code target}; returns its length. */
    static int sockaddr(String target, byte[] address) throws IOException {
        if (target.isEmpty() || !(target.startsWith("/") || target.startsWith("@"))) {
            throw new IOException("NOTIFY_SOCKET=" + target
                    + " is neither an absolute path nor an abstract name (@...)");
        }
        byte[] path = target.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        // A path needs its NUL within the 108 bytes; an abstract name is its bytes alone, the '@' becoming a NUL.
        if (path.length > (abstractName ? 108 : 107)) {
            throw new IOException("NOTIFY_SOCKET=" + target + " is longer than a unix socket address can be");
        }
        ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
        System.arraycopy(path, 0, address, 2, path.length);
        if (abstractName) {
            address[2] = 0;
            return 2 + path.length;
        }
        address[2 + path.length] = 0;
        return 2 + path.length + 1;
    }

    synchronized void send(String message) throws IOException {
        if (fd < 0) {
            throw new IOException("notification socket " + target + " is closed");
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        long sent = Holder.LIBC.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, addressLength)
                .longValue();
        if (sent != bytes.length) {
            throw new IOException("cannot send to the service manager's socket " + target + ": errno "
                    + Native.getLastError());
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Holder.LIBC.close(fd);
            fd = -1;
        }
    }
}
