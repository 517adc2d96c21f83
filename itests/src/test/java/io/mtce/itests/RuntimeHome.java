package io.mtce.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private copy of the assembled container home ({@code runtime/target/mtce}) and the real container JVM running in
 * it, with Gogo reading commands from a pipe. Output lines are collected for assertions.
 */
public final class RuntimeHome implements AutoCloseable {
    private final Path home;
    private final List<String> output = new ArrayList<>();
    private Process process;
    private OutputStream stdin;
    private final AtomicLong asks = new AtomicLong();

    private RuntimeHome(Path home) {
        this.home = home;
    }

    /** Copies the built home into a fresh work directory. */
    public static RuntimeHome copyOfBuiltHome(Class<?> testClass) throws IOException {
        Path built = Paths.get(MtceTestSupport.requiredProperty("mtce.runtime.home"));
        if (!Files.isRegularFile(built.resolve("lib/mtce.jar"))) {
            throw new IllegalStateException("container not built at " + built + "; run the build through Maven");
        }
        Path home = MtceTestSupport.workDir(testClass);
        copyTree(built, home);
        return new RuntimeHome(home);
    }

    public Path home() {
        return home;
    }

    /** Starts {@code java -jar lib/mtce.jar} in the home, with Gogo interactive on a pipe. */
    public void start(String... jvmOptions) throws IOException {
        startWith(List.of(), jvmOptions);
    }

    /**
     * As {@link #start(String...)}, with {@code prefix} before the java command (e.g. {@code ip netns exec NS}).
     * Everything the container prints is also appended to {@code console.log} in the home.
     */
    public void startWith(List<String> prefix, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-jar");
        cmd.add("lib/mtce.jar");
        process = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(this::collect, "mtce-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the home's {@code bin/mtce}, as an operator does: its default JVM options, class-data-sharing archive and
     * kept framework cache. Gogo stays interactive on the pipe ({@code -Dgosh.args=} after bin/mtce's own), and the
     * JVM is this test's. Output is collected as with {@link #startWith}.
     */
    public void startThroughBin(List<String> prefix) throws IOException {
        startThroughBin(prefix, Map.of());
    }

    /** As {@link #startThroughBin(List)}, with {@code env} added to the environment (e.g. NOTIFY_SOCKET). */
    public void startThroughBin(List<String> prefix, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(home.resolve("bin/mtce").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("MTCE_JAVA_OPTS", "-Dgosh.args=");
        pb.environment().putAll(env);
        process = pb.start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(this::collect, "mtce-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Runs the home's {@code bin/mtce --prepare} (the training run that makes lib/mtce.jsa), with {@code prefix} before
     * it, and waits for it; returns its exit code. Its output is appended to {@code prepare.log} in the home.
     */
    public int prepareThroughBin(List<String> prefix, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(home.resolve("bin/mtce").toString());
        cmd.add("--prepare");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("prepare.log").toFile()));
        pb.environment().put("JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("bin/mtce --prepare did not end within " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }

    /** Whether the running container JVM has {@code file} mapped (/proc/PID/maps): e.g. a class-data archive in use. */
    public boolean maps(Path file) throws IOException {
        String path = file.toRealPath().toString();
        return Files.readAllLines(Paths.get("/proc", Long.toString(javaPid()), "maps")).stream()
                .anyMatch(l -> l.endsWith(" " + path));
    }

    private void collect() {
        Process p = process;
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(home.resolve("console.log"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                log.write(line);
                log.write('\n');
                log.flush();
            }
            // The container's end, for diagnosis: 117 = framework stopped, 137 = killed (SIGKILL), 134 = abort.
            log.write("[test harness] container exited with code " + p.waitFor() + "\n");
        } catch (IOException e) {
            // the process ended; what was read stays available
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code command} and waits for its answer: the lines printed after it, up to an echoed end marker. One
     * question at a time, so that polling never builds a backlog of commands in the shell.
     *
     * @return the answer's lines, or an empty list when none came within {@code timeoutMillis}
     */
    public List<String> ask(String command, long timeoutMillis) {
        String end = "__mtce_answer_" + asks.incrementAndGet() + "__";
        int mark = output().size();
        try {
            command(command);
            command("echo " + end);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (System.nanoTime() < deadline) {
                List<String> out = output();
                for (int i = mark; i < out.size(); i++) {
                    if (out.get(i).endsWith(end)) {
                        return out.subList(mark, i);
                    }
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            return List.of(); // the shell is gone: no answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    /** Sends one Gogo command line. */
    public void command(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    public List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    /** Closes Gogo's stdin, which stops the shell and the framework; returns the exit code. */
    public int stop(long timeoutSeconds) throws IOException, InterruptedException {
        stdin.close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("container did not stop within " + timeoutSeconds + " s");
        }
        return process.exitValue();
    }

    /**
     * Sends SIGTERM, as a service manager stops the container; returns the exit code. Through the process handle:
     * {@link Process#destroy()} would also close the pipes, losing what the container prints as it stops.
     */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("container did not stop on SIGTERM within " + timeoutSeconds + " s");
        }
        return process.exitValue();
    }

    /**
     * Writes the container JVM's thread dump ({@code jcmd PID Thread.print}) to {@code threads-N.txt} in the home,
     * for diagnosing a test failure; returns the file, or null when the JVM is not running.
     */
    public Path dumpThreads() {
        if (!isAlive()) {
            return null;
        }
        Path out = home.resolve("threads-" + System.currentTimeMillis() + ".txt");
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(javaPid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The names of the container JVM's threads (/proc/PID/task/TID/comm, cut to 15 characters by the kernel). */
    public List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Paths.get("/proc", Long.toString(javaPid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (IOException ended) {
                    // the thread ended while listed
                }
            }
        }
        return names;
    }

    /** The container JVM's command line, its arguments joined by spaces (/proc/PID/cmdline). */
    public String commandLine() throws IOException {
        return new String(Files.readAllBytes(Paths.get("/proc", Long.toString(javaPid()), "cmdline")),
                StandardCharsets.UTF_8).replace('\0', ' ').strip();
    }

    /** The JVM's pid: the started process itself ({@code ip netns exec} execs java). */
    private long javaPid() {
        return process.pid();
    }

    /** Whether the container JVM is running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the container JVM at once (SIGKILL), as a host reset would. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Writes {@code etc/<fileName>}, which FileInstall turns into configuration. */
    public void writeConfig(String fileName, String content) throws IOException {
        Files.writeString(home.resolve("etc").resolve(fileName), content, StandardCharsets.UTF_8);
    }

    /** Removes the embedded default's mtce configuration (io.mtce.*) from etc/, keeping FileInstall's own. */
    public void clearMtceConfigs() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("etc"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("io.mtce."))
                    .collect(Collectors.toList())) {
                Files.delete(f);
            }
        }
    }

    /** How many output lines contain {@code text}. */
    public long count(String text) {
        return output().stream().filter(l -> l.contains(text)).count();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals("data") && !dir.equals(from)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
