package io.mtce.itests.karaf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A TCP port on this machine's loopback that reaches a TCP port on a network namespace's loopback, so that the test
 * can speak HTTP to Karaf in its namespace. A Unix socket (a file, seen from every namespace) joins the two: this JVM
 * listens on 127.0.0.1 and connects each client to the socket; a small relay process started inside the namespace
 * ({@link #main}) accepts there and connects to the target port.
 */
final class LoopbackBridge implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process relay;
    private final ServerSocketChannel listener;

    private LoopbackBridge(Process relay, ServerSocketChannel listener) {
        this.relay = relay;
        this.listener = listener;
    }

    /**
     * @param nsPrefix the command prefix that runs inside the namespace ({@code ip netns exec NAME})
     * @param socket   where the Unix socket goes (must not exist)
     * @param port     the target port on the namespace's 127.0.0.1
     */
    static LoopbackBridge open(List<String> nsPrefix, Path socket, int port) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(nsPrefix);
        // The relay needs only this class: the test classes directory is its class path.
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-cp",
                codeSource(), LoopbackBridge.class.getName(), socket.toString(), Integer.toString(port)));
        Process relay = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(socket.resolveSibling(socket.getFileName() + ".log").toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!relay.isAlive() || System.nanoTime() > deadline) {
                relay.destroyForcibly();
                throw new IllegalStateException("the relay into the namespace did not create " + socket + ": "
                        + Files.readString(socket.resolveSibling(socket.getFileName() + ".log")));
            }
            Thread.sleep(100);
        }
        ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        LoopbackBridge bridge = new LoopbackBridge(relay, listener);
        daemon("bridge accept", () -> acceptLoop(listener,
                () -> connect(() -> SocketChannel.open(UnixDomainSocketAddress.of(socket))))).start();
        return bridge;
    }

    /** The port on this machine's 127.0.0.1. */
    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        relay.destroy();
        if (!relay.waitFor(10, TimeUnit.SECONDS)) {
            relay.destroyForcibly();
        }
    }

    /** The relay inside the namespace: {@code SOCKET PORT}. */
    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket));
        acceptLoop(listener, () -> connect(() -> SocketChannel.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port))));
    }

    private interface Opener {
        SocketChannel open() throws IOException;
    }

    private static SocketChannel connect(Opener opener) {
        try {
            return opener.open();
        } catch (IOException e) {
            return null;
        }
    }

    private static void acceptLoop(ServerSocketChannel listener, Supplier<SocketChannel> upstream) {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                SocketChannel server = upstream.get();
                if (server == null) {
                    client.close();
                    continue;
                }
                AtomicInteger open = new AtomicInteger(2);
                daemon("bridge up", () -> pump(client, server, open)).start();
                daemon("bridge down", () -> pump(server, client, open)).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies until end of stream and passes the end on (a half close); the last direction to end closes both. */
    private static void pump(SocketChannel from, SocketChannel to, AtomicInteger open) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            open.set(1);
        }
        if (open.decrementAndGet() <= 0) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static String codeSource() {
        try {
            return Path.of(LoopbackBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
