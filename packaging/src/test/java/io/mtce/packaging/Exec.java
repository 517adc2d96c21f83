package io.mtce.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external command (dpkg, dpkg-deb, systemd-analyze) to its end, stdout and stderr in one text. */
final class Exec {
    record Result(List<String> command, int exit, String output) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exit + ":\n" + output);
            }
            return this;
        }
    }

    private Exec() {
    }

    static Result run(List<String> command) {
        return run(command, Map.of(), null);
    }

    static Result run(List<String> command, Map<String, String> env, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within 5 minutes");
            }
            return new Result(command, p.exitValue(), out.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
