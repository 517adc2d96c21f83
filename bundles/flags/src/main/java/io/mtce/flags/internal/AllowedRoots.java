package io.mtce.flags.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories the flag files, their journal and the obsolete file may live under (allowed.roots). A configured
 * path is compared after normalization, so {@code ..} cannot climb out of a root; the comparison is by name, so a
 * root may itself be (or lie under) a symbolic link such as /var/run to /run.
 */
final class AllowedRoots {
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
