package io.mtce.flags;

import java.io.IOException;
import java.util.Objects;

/** A flag file could not be changed durably. Names the file or directory and the operation that failed. */
public final class FlagFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The file-system step that failed. */
    public enum Operation {
        /** A flag file's directory leads outside allowed.roots (a symbolic link on the way): nothing written. */
        CHECK_DIRECTORY("check directory"),
        CREATE_DIRECTORY("create directory"),
        WRITE("write"),
        SYNC_FILE("fsync file"),
        RENAME("rename into place"),
        DELETE("delete"),
        SYNC_DIRECTORY("fsync directory");

        private final String text;

        Operation(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final Operation operation;
    private final String path;

    public FlagFileException(Operation operation, String path, IOException cause) {
        super(operation + " failed for " + path + ": " + describe(cause), cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.path = Objects.requireNonNull(path, "path");
    }

    private static String describe(IOException cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    public Operation operation() {
        return operation;
    }

    /** The file or directory the operation was applied to. */
    public String path() {
        return path;
    }
}
