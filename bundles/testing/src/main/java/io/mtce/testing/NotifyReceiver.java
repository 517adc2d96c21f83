package io.mtce.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The service manager's end of sd_notify(3) for tests: an AF_UNIX datagram socket bound by the test, at a path or
 * under an abstract name ({@link #env()} is what NOTIFY_SOCKET must say), from which each datagram is read as text.
 */
public final class NotifyReceiver implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    /** The libc calls used, mapped by JNA. */
    public interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] address, int addressLength);

        int setsockopt(int fd, int level, int name, byte[] value, int length);

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private final String env;
    private final Path path;
    private int fd;

    private NotifyReceiver(String env, Path path, int fd) {
        this.env = env;
        this.path = path;
        this.fd = fd;
    }

    /** Binds a socket file at {@code path} (which must not exist). */
    public static NotifyReceiver atPath(Path path) throws IOException {
        return bind(path.toString(), path);
    }

    /** Binds {@code name} in the abstract namespace; NOTIFY_SOCKET is then "@name". */
    public static NotifyReceiver abstractName(String name) throws IOException {
        return bind("@" + name, null);
    }

    private static NotifyReceiver bind(String env, Path path) throws IOException {
        byte[] name = env.getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[110];
        ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
        System.arraycopy(name, 0, address, 2, name.length);
        int length = 2 + name.length + 1;
        if (path == null) {
            address[2] = 0;
            length = 2 + name.length;
        }
        int fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || Holder.LIBC.bind(fd, address, length) != 0) {
            int errno = Native.getLastError();
            if (fd >= 0) {
                Holder.LIBC.close(fd);
            }
            throw new IOException("cannot bind an AF_UNIX datagram socket at " + env + ": errno " + errno);
        }
        return new NotifyReceiver(env, path, fd);
    }

    /** What NOTIFY_SOCKET must hold for a sender to reach this socket. */
    public String env() {
        return env;
    }

    /** The next datagram, or empty when none came within {@code timeoutMillis}. */
    public synchronized Optional<String> receive(long timeoutMillis) throws IOException {
        ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        timeval.putLong(timeoutMillis / 1000).putLong((timeoutMillis % 1000) * 1000);
        Holder.LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval.array(), 16);
        byte[] buffer = new byte[4096];
        long n = Holder.LIBC.recv(fd, buffer, new NativeLong(buffer.length), 0).longValue();
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == 11 || errno == 4) { // EAGAIN (timed out), EINTR
                return Optional.empty();
            }
            throw new IOException("recv on " + env + " failed: errno " + errno);
        }
        return Optional.of(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() throws IOException {
        if (fd >= 0) {
            Holder.LIBC.close(fd);
            fd = -1;
        }
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}
