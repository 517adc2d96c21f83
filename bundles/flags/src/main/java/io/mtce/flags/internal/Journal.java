package io.mtce.flags.internal;

import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import io.mtce.flags.DesiredLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The change journal: the lock state a change is heading to, recorded durably before either flag file changes and
 * removed once both are durable. A journal found at start means a change was interrupted (or that the removal of a
 * completed one was lost); it is completed.
 */
final class Journal {
    private static final int MAX_BYTES = 64;

    private final Path path;
    private final DurableFiles files;

    Journal(Path path, DurableFiles files) {
        this.path = path;
        this.files = files;
    }

    Path path() {
        return path;
    }

    void record(DesiredLock target) throws DurableFileException {
        files.write(path, (target.name() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Removes the journal without fsyncing its directory. Only called once the files are durable, so the removal
     * cannot become durable before them; if a crash loses it, startup replays a change whose files are already in
     * place, which only rewrites them.
     */
    void clear() throws DurableFileException {
        files.checkDirectory(path.getParent());
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new DurableFileException(DurableFileException.Operation.DELETE, path.toString(), e);
        }
    }

    /**
     * The recorded target, or empty when there is none.
     *
     * @throws IllegalStateException when the journal exists but cannot be read or holds no known state
     */
    Optional<DesiredLock> read() {
        if (Files.isSymbolicLink(path)) {
            throw new IllegalStateException("change journal " + path + " is a symbolic link ; not following it");
        }
        String text;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            // A journal holds one state name: read no more than a line's worth, whatever the file is.
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read change journal " + path + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(DesiredLock.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("change journal " + path + " holds no lock state: '"
                    + printable(text) + "'", e);
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : "?"));
        return out.toString();
    }
}
