package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Makes a directory refuse every change, root's too: {@code chattr +i} (ext4, xfs, btrfs; tmpfs from Linux 6.0).
 * chmod does not stop root, which the tests run as. A test is skipped, saying why, where chattr is not supported.
 */
final class Immutable implements AutoCloseable {
    private final Path dir;

    private Immutable(Path dir) {
        this.dir = dir;
    }

    static Immutable directory(Path dir) {
        String failure = chattr("+i", dir);
        assumeTrue(failure == null, "cannot make " + dir + " immutable with chattr +i (" + failure + ")");
        return new Immutable(dir);
    }

    /** Lets the directory change again; idempotent. */
    @Override
    public void close() {
        String failure = chattr("-i", dir);
        if (failure != null) {
            throw new IllegalStateException("chattr -i " + dir + " failed: " + failure);
        }
    }

    /** @return null on success, else what went wrong */
    private static String chattr(String flag, Path dir) {
        try {
            Process process = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
