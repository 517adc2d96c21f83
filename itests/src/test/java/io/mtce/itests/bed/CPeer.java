package io.mtce.itests.bed;

import io.mtce.itests.MtceTestSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C reference peer ({@code src/test/c/mtcpeer.c}): a small C program that plays the C++ mtcAgent or mtcClient by
 * the C++ rules, so that a Java role can be tested against a peer that behaves like the real daemons on the wire
 * (a mixed cluster) without the C++ build. It is compiled with the system gcc once per JVM and run, usually inside a
 * bed namespace; its stdout lines (the C++ log texts) are collected for assertions and copied to a log file.
 */
public final class CPeer implements AutoCloseable {
    /** The peer plays the C++ mtcClient. */
    public static final String CLIENT = "client";
    /** The peer plays the C++ mtcAgent. */
    public static final String AGENT = "agent";

    private static final String READY = "mtcpeer ready";
    private static final long READY_TIMEOUT_MS = 10_000;

    private static Path compiled;
    private static String compileFailure;
    private static String unavailable;
    private static boolean probed;

    private final Process process;
    private final OutputStream stdin;
    private final Path log;
    private final List<String> output = new ArrayList<>();

    private CPeer(Process process, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
    }

    /** @return why the peer cannot be built here (no usable gcc), or {@code null} when it can */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try {
                Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    unavailable = "gcc --version failed";
                }
            } catch (IOException e) {
                unavailable = "no gcc on this host (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted probing gcc";
            }
        }
        return unavailable;
    }

    /**
     * Compiles the peer into {@code target/mtcpeer} the first time it is asked for in this JVM (warnings are errors,
     * and the source's static asserts check the message layout) and returns it.
     *
     * @throws IllegalStateException when gcc is missing or the source does not compile (with gcc's output)
     */
    public static synchronized Path binary() {
        if (compiled != null) {
            return compiled;
        }
        if (compileFailure != null) {
            throw new IllegalStateException(compileFailure);
        }
        String why = unavailableReason();
        if (why != null) {
            throw new IllegalStateException("cannot build the C peer: " + why);
        }
        Path module = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")));
        Path source = module.resolve("src/test/c/mtcpeer.c");
        Path target = module.resolve("target/mtcpeer");
        try {
            Files.createDirectories(target.getParent());
            // Built under a private name and moved into place, so that another JVM never runs a half-written file.
            Path tmp = Files.createTempFile(target.getParent(), "mtcpeer", ".tmp");
            Process p = new ProcessBuilder("gcc", "-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror",
                    "-o", tmp.toString(), source.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                Files.deleteIfExists(tmp);
                compileFailure = "gcc failed on " + source + ":\n" + out;
                throw new IllegalStateException(compileFailure);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            compiled = target;
            return compiled;
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the C peer from " + source + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted building the C peer", e);
        }
    }

    /**
     * As {@link #start(List, String, List, Path)}, with the console log in a fresh work directory of this class.
     */
    public static CPeer start(List<String> prefix, String mode, List<String> options) throws IOException {
        return start(prefix, mode, options, MtceTestSupport.workDir(CPeer.class).resolve("mtcpeer-" + mode + ".log"));
    }

    /**
     * Runs {@code prefix... mtcpeer mode options...} (the prefix is e.g. {@link NetnsBed#exec(int)}) and waits for it
     * to report that its sockets are bound or being retried.
     *
     * @param mode {@link #CLIENT} or {@link #AGENT}
     * @param log  where everything the peer prints is appended
     * @throws IllegalStateException when it exits or does not get ready within 10 s (with what it printed)
     */
    public static CPeer start(List<String> prefix, String mode, List<String> options, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(binary().toString());
        cmd.add(mode);
        cmd.addAll(options);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CPeer peer = new CPeer(process, log);
        Thread reader = new Thread(peer::collect, "mtcpeer-" + mode);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!MtceTestSupport.await(() -> peer.count(READY) > 0 || !process.isAlive(), READY_TIMEOUT_MS)
                    || peer.count(READY) == 0) {
                peer.kill();
                throw new IllegalStateException("C peer did not get ready: " + String.join(" ", cmd) + "\n"
                        + String.join("\n", peer.output()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            peer.close();
            throw new IllegalStateException("interrupted starting the C peer", e);
        }
        return peer;
    }

    /** A small builder of {@code --name value} options, in the order given. */
    public static Options options() {
        return new Options();
    }

    private void collect() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                w.write(line);
                w.write('\n');
                w.flush();
            }
            w.write("[test harness] mtcpeer exited with code " + process.waitFor() + "\n");
        } catch (IOException e) {
            // the process ended; what was read stays available
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one stdin line. Agent: {@code add NAME MAC MGMT-IP CLUSTER-IP|- PXEBOOT-IP|-}, {@code lock NAME},
     * {@code unlock NAME}, {@code send NAME locked|unlocked|req-mtcalive|CMD Mgmnt|Clstr|Pxeboot}, {@code hosts},
     * {@code quit}. Client: {@code status}, {@code quit}.
     */
    public void command(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** How many output lines so far contain {@code substring}. */
    public long count(String substring) {
        return countSince(0, substring);
    }

    /** How many output lines from index {@code mark} on (see {@link #mark()}) contain {@code substring}. */
    public long countSince(int mark, String substring) {
        List<String> out = output();
        return out.subList(Math.min(mark, out.size()), out.size()).stream().filter(l -> l.contains(substring))
                .count();
    }

    /** The number of lines printed so far: a mark for {@link #countSince} and {@link #awaitLineSince}. */
    public int mark() {
        synchronized (output) {
            return output.size();
        }
    }

    /** Waits up to {@code ms} for a line (printed at any time since start) containing {@code substring}. */
    public boolean awaitLine(String substring, long ms) throws InterruptedException {
        return awaitLineSince(0, substring, ms);
    }

    /** Waits up to {@code ms} for a line printed from index {@code mark} on containing {@code substring}. */
    public boolean awaitLineSince(int mark, String substring, long ms) throws InterruptedException {
        return MtceTestSupport.await(() -> countSince(mark, substring) > 0, ms);
    }

    public List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    /** The file the peer's output is appended to. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a power cut or reset would: no exit line, no cleanup. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the peer to quit, and kills it if it has not within 5 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command("quit");
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // its stdin is gone: it is exiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /** {@code --name value} and {@code --flag} arguments for {@link #start}. */
    public static final class Options {
        private final List<String> args = new ArrayList<>();

        private Options() {
        }

        public Options with(String name, Object value) {
            args.add("--" + name);
            args.add(String.valueOf(value));
            return this;
        }

        /** Adds {@code --name} when {@code on}. */
        public Options flag(String name, boolean on) {
            if (on) {
                args.add("--" + name);
            }
            return this;
        }

        public List<String> list() {
            return List.copyOf(args);
        }
    }
}
