package io.mtce.alarm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command line and waits for it, at most a timeout: its output (stdout and stderr together) goes to a
 * temporary file, so that neither a chatty command nor a hung child holding the pipe can stall the caller. On
 * timeout (or interruption) the command and every process it started are killed.
 */
final class CommandRunner {
    /** Output kept per run; the rest is ignored. */
    static final int MAX_OUTPUT = 1 << 20;

    /**
     * How a run ended.
     *
     * @param exitCode the exit status, or -1 when the run timed out or could not start
     * @param output   what it printed (at most {@link #MAX_OUTPUT} bytes), or why it could not start
     * @param timedOut whether it was killed for running too long
     */
    record Result(int exitCode, String output, boolean timedOut) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** For a log line: the exit status or timeout, and the output's first line. */
        String describe() {
            String first = output.strip().lines().findFirst().orElse("");
            String status = timedOut ? "timed out" : exitCode < 0 ? "did not start" : "exit " + exitCode;
            return first.isEmpty() ? status : status + ": " + (first.length() > 200 ? first.substring(0, 200) : first);
        }
    }

    private final long timeoutMs;

    CommandRunner(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** @throws InterruptedException when interrupted while waiting; the command is killed first */
    Result run(List<String> argv) throws InterruptedException {
        Path out;
        try {
            out = Files.createTempFile("mtce-alarm-", ".out");
        } catch (IOException e) {
            return new Result(-1, "no temporary file for the output: " + e, false);
        }
        try {
            Process process;
            try {
                process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                process.getOutputStream().close();
            } catch (IOException e) {
                return new Result(-1, argv.get(0) + ": " + e.getMessage(), false);
            }
            boolean exited;
            try {
                exited = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                throw e;
            }
            if (!exited) {
                kill(process);
                return new Result(-1, read(out), true);
            }
            return new Result(process.exitValue(), read(out), false);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                // A leftover temporary file; nothing depends on it.
            }
        }
    }

    /** The process and everything it started (listed first: once the parent is gone they are orphans). */
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path out) {
        try (InputStream in = Files.newInputStream(out)) {
            return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
