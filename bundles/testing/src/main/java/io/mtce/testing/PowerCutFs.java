package io.mtce.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A mounted power-cut simulator (src/main/c/cutfs.c, see docs/powercut.md): a FUSE file system whose data reaches
 * its "disk" only on fsync, and whose directory entries only on fsync of the directory. {@link #cut()} or
 * {@link #arm(long)} lose everything not yet on disk and freeze the mount (EIO) until {@link #reboot()}. The C
 * source is compiled with gcc and libfuse3 (pkg-config fuse3) once per source version into the module's target
 * directory. Tests call {@link #unavailableReason()} first and skip with that message when FUSE is not usable here.
 */
public final class PowerCutFs implements AutoCloseable {
    private static final String SOURCE = "cutfs.c";
    private static final long MOUNT_TIMEOUT_MS = 10_000;

    private static Path compiled;
    private static String unavailable;
    private static boolean probed;

    private final Process process;
    private final Path mountPoint;
    private final Path log;
    private final SocketChannel control;
    private final BufferedReader replies;
    private boolean closed;

    private final Thread unmountAtExit = new Thread(this::close, "cutfs-unmount");

    private PowerCutFs(Process process, Path mountPoint, Path log, SocketChannel control) {
        this.process = process;
        this.mountPoint = mountPoint;
        this.log = log;
        this.control = control;
        this.replies = new BufferedReader(Channels.newReader(control, StandardCharsets.US_ASCII));
        // A JVM that exits without closing (a test timed out) leaves no mount and no cutfs process behind.
        Runtime.getRuntime().addShutdownHook(unmountAtExit);
    }

    /**
     * @return why the simulator cannot run here (no /dev/fuse, no fusermount3, gcc or libfuse3, or a mount that
     *         fails), or {@code null} when it can; probed once per JVM by compiling and mounting it
     * @throws IllegalStateException when everything is installed but the source does not compile
     */
    public static synchronized String unavailableReason() {
        if (probed) {
            return unavailable;
        }
        probed = true;
        if (!Files.exists(Path.of("/dev/fuse"))) {
            unavailable = "no /dev/fuse on this host";
        } else if (!onPath("fusermount3")) {
            unavailable = "no fusermount3 on this host (Debian package fuse3)";
        } else if (!onPath("gcc")) {
            unavailable = "no gcc on this host";
        } else if (!onPath("pkg-config") || run(List.of("pkg-config", "--exists", "fuse3")) != 0) {
            unavailable = "no libfuse3 development files (pkg-config fuse3; Debian package libfuse3-dev)";
        } else {
            try {
                binary(); // where everything it needs is installed, a build failure is a bug: thrown, not skipped
            } catch (IOException e) {
                throw new IllegalStateException("cannot build the power-cut file system: " + e.getMessage(), e);
            }
            try {
                Path dir = Files.createTempDirectory("cutfs-probe");
                try (PowerCutFs fs = mount(dir.resolve("mnt"))) {
                    Files.writeString(fs.root().resolve("probe"), "probe");
                } finally {
                    deleteTree(dir);
                }
            } catch (IOException | RuntimeException e) {
                unavailable = "cannot mount the power-cut file system: " + e.getMessage();
            }
        }
        return unavailable;
    }

    /**
     * Mounts a fresh, empty simulator on {@code mountPoint} (created when missing; must be empty). Its log lives
     * next to it; its control socket in a directory of its own under java.io.tmpdir, since a socket's path must be
     * shorter than 108 bytes and a test's work directory often is not.
     *
     * @throws IOException when it cannot be built or mounted, with gcc's or the file system's output
     */
    public static PowerCutFs mount(Path mountPoint) throws IOException {
        Path binary = binary();
        Path mount = mountPoint.toAbsolutePath();
        Files.createDirectories(mount);
        Path socketDir = Files.createTempDirectory("cutfs-");
        socketDir.toFile().deleteOnExit();
        Path socket = socketDir.resolve("ctl");
        socket.toFile().deleteOnExit();
        Path log = mount.resolveSibling(mount.getFileName() + ".log");
        Process process = new ProcessBuilder(binary.toString(), mount.toString(), socket.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOUNT_TIMEOUT_MS);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("cutfs exited with " + process.exitValue() + " mounting " + mount + ": "
                        + Files.readString(log).strip());
            }
            if (Files.exists(socket)) {
                try {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    return new PowerCutFs(process, mount, log, channel);
                } catch (IOException e) {
                    // Bound but not listening yet.
                }
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("cutfs did not mount " + mount + " within " + MOUNT_TIMEOUT_MS + " ms: "
                        + Files.readString(log).strip());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** The mount point: everything below it lives in the simulator. */
    public Path root() {
        return mountPoint;
    }

    /** Power fails now: everything not on disk is lost, and every operation fails with EIO until reboot. */
    public void cut() {
        command("cut");
    }

    /**
     * Power fails right after the {@code n}-th mutating operation from now completes (that one returns its result,
     * later ones EIO until {@link #reboot()}); 0 disarms.
     */
    public void arm(long n) {
        command("arm " + n);
    }

    /** Power is back: the mount works again on what was on disk. */
    public void reboot() {
        command("reboot");
    }

    /**
     * An empty file system again, powered on and disarmed, as after a fresh mount but without the cost of one;
     * files still open are stale. The count goes on.
     */
    public void format() {
        command("format");
    }

    /** Mutating operations (see cutfs.c) that succeeded since the mount. */
    public long count() {
        return Long.parseLong(command("count").get(0));
    }

    /** Whether a cut happened and no reboot since. */
    public boolean frozen() {
        return state().contains("frozen=1");
    }

    /** One line: count, armed, frozen, boot. */
    public String state() {
        return command("state").get(0);
    }

    /** The last {@code n} mutating operations, oldest first, each "seq op path[ detail]". */
    public List<String> log(int n) {
        List<String> lines = command("log " + n);
        return lines.subList(0, lines.size() - 1);
    }

    /**
     * Sends one command; returns the data lines followed by the OK line's value (empty when none).
     *
     * @throws IllegalStateException when the simulator answers ERR or the channel fails
     */
    private synchronized List<String> command(String line) {
        try {
            ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                control.write(out);
            }
            List<String> lines = new ArrayList<>();
            while (true) {
                String reply = replies.readLine();
                if (reply == null) {
                    throw new IllegalStateException("cutfs closed its control channel on '" + line + "'");
                }
                if (reply.startsWith("ERR")) {
                    throw new IllegalStateException("cutfs refused '" + line + "': " + reply);
                }
                if (reply.equals("OK") || reply.startsWith("OK ")) {
                    lines.add(reply.length() > 3 ? reply.substring(3) : "");
                    return lines;
                }
                lines.add(reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cutfs control channel, command '" + line + "'", e);
        }
    }

    /** Unmounts (lazily if busy) and stops the simulator; what was in it is gone. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != unmountAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(unmountAtExit);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
        try {
            control.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        if (run(List.of("fusermount3", "-u", mountPoint.toString())) != 0) {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                run(List.of("umount", "-l", mountPoint.toString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The simulator's own output (errors from libfuse), for a failure message. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Compiles cutfs.c (a resource of this jar) into target/cutfs-&lt;hash&gt; of the working directory (a Maven
     * module's) or the temp directory, once per source version.
     */
    private static synchronized Path binary() throws IOException {
        if (compiled != null) {
            return compiled;
        }
        byte[] source;
        try (InputStream in = PowerCutFs.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException(SOURCE + " is not on the class path next to " + PowerCutFs.class.getName());
            }
            source = in.readAllBytes();
        }
        String hash = sha256(source).substring(0, 12);
        Path target = Path.of("target");
        Path dir = (Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir")))
                .toAbsolutePath().resolve("cutfs-" + hash);
        Path binary = dir.resolve("cutfs");
        if (!Files.isExecutable(binary)) {
            Files.createDirectories(dir);
            Path src = dir.resolve(SOURCE);
            Files.write(src, source);
            String flags = capture(List.of("pkg-config", "--cflags", "--libs", "fuse3")).strip();
            Path tmp = Files.createTempFile(dir, "cutfs", ".tmp");
            List<String> gcc = new ArrayList<>(List.of("gcc", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-o",
                    tmp.toString(), src.toString()));
            gcc.addAll(List.of(flags.split("\\s+")));
            Process p = new ProcessBuilder(gcc).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (p.waitFor() != 0) {
                    Files.deleteIfExists(tmp);
                    throw new IOException("gcc failed on " + src + ":\n" + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted compiling " + src, e);
            }
            Files.move(tmp, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        compiled = binary;
        return compiled;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String capture(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        }
        return out;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A probe directory left in the temp directory is harmless.
        }
    }
}
