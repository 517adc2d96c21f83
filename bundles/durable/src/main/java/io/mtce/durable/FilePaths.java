package io.mtce.durable;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Validation of the file paths that configuration names, with errors that name the configuration key. */
public final class FilePaths {
    private FilePaths() {
    }

    /**
     * @return {@code value} as a normalized absolute path naming a file inside a directory (where a durable write
     *         can put its temp file)
     * @throws IllegalArgumentException naming {@code key} when {@code value} is blank, not a path, relative, or
     *         the root
     */
    public static Path absoluteFile(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be an absolute file path, got a blank value");
        }
        Path path;
        try {
            path = Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + " is not a valid path: '" + value + "'", e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(key + " must be an absolute file path, got '" + value + "'");
        }
        Path normal = path.normalize();
        if (normal.getParent() == null || normal.getFileName() == null) {
            throw new IllegalArgumentException(key + " must name a file inside a directory, got '" + value + "'");
        }
        return normal;
    }
}
