package io.mtce.flags.internal;

import io.mtce.durable.DirectoryGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories the flag files, their journal and the obsolete file may live under (allowed.roots). A configured
 * path is compared after normalization, so {@code ..} cannot climb out of a root; the comparison is by name, so a
 * root may itself be (or lie under) a symbolic link such as /var/run to /run. Configuration is checked by name;
 * every write is checked again by where the directory really leads ({@link #checkReal}), so that a symbolic link
 * in a parent directory, configured or planted at run time, cannot carry a flag file out of the roots.
 */
final class AllowedRoots implements DirectoryGuard {
    static final String KEY = "allowed.roots";

    private final List<Path> roots;

    private AllowedRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * @param values absolute directories; an entry may hold several separated by commas
     * @throws IllegalArgumentException naming the key when an entry is not absolute or none is given
     */
    static AllowedRoots parse(String[] values) {
        List<Path> roots = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value == null ? new String[0] : value.split(",")) {
                    if (!part.isBlank()) {
                        roots.add(root(part.strip()));
                    }
                }
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException(KEY + " must name at least one absolute directory");
        }
        return new AllowedRoots(roots);
    }

    /** @throws IllegalArgumentException naming {@code key} when {@code path} is not strictly inside a root */
    void check(String key, Path path) {
        Path normal = path.normalize();
        for (Path root : roots) {
            if (normal.startsWith(root) && !normal.equals(root)) {
                return;
            }
        }
        throw new IllegalArgumentException(key + " " + path + " is outside " + KEY + " " + roots);
    }

    /** Roots that allow exactly the given directories (and anything below them): tests and tools. */
    static AllowedRoots of(List<Path> roots) {
        return new AllowedRoots(roots.stream().map(Path::normalize).toList());
    }

    /** The guard of every write, see {@link #checkReal}. */
    @Override
    public void check(Path dir) throws IOException {
        checkReal(dir);
    }

    /**
     * Resolves every symbolic link on the way to {@code dir} (and to each root) and checks that it lands in a root.
     * A directory that does not exist yet is checked as its deepest existing ancestor's real path plus the rest.
     *
     * @throws IOException naming {@code dir}, where it leads, the last symbolic link on the way and the roots
     */
    void checkReal(Path dir) throws IOException {
        Path real = resolve(dir);
        for (Path root : roots) {
            if (real.startsWith(resolve(root))) {
                return;
            }
        }
        String link = lastLink(dir);
        throw new IOException(dir + " leads to " + real + (link == null ? "" : " through symbolic link " + link)
                + ", outside " + KEY + " " + roots + " ; refusing to write there");
    }

    private static Path resolve(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath().normalize();
        Path rest = null;
        while (existing.getParent() != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        Path real = existing.toRealPath();
        return rest == null ? real : real.resolve(rest).normalize();
    }

    /** The deepest symbolic link among {@code dir} and its ancestors, as "link -> target", or null. */
    private static String lastLink(Path dir) {
        for (Path at = dir.toAbsolutePath().normalize(); at != null; at = at.getParent()) {
            if (Files.isSymbolicLink(at)) {
                try {
                    return at + " -> " + Files.readSymbolicLink(at);
                } catch (IOException e) {
                    return at + " -> ?";
                }
            }
        }
        return null;
    }

    List<Path> roots() {
        return roots;
    }

    private static Path root(String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(KEY + " entry is not a valid path: '" + value + "'", e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(KEY + " entries must be absolute directories, got '" + value + "'");
        }
        return path.normalize();
    }
}
