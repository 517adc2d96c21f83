package io.mtce.log.setup;

import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The log files' size and count from etc/io.mtce.log.cfg ({@code .file.size = 20MB}, {@code .file.count = 5}; the dot
 * keeps them apart from the logger levels of the same file). Read once, at start; a missing file or key means the
 * default, a wrong value the default and a problem to log.
 */
final class FileSettings {
    static final String SIZE = ".file.size";
    static final String COUNT = ".file.count";
    static final FileSize DEFAULT_SIZE = FileSize.valueOf("20MB");
    static final int DEFAULT_COUNT = 5;
    /** FixedWindowRollingPolicy's own limit. */
    static final int MAX_COUNT = 20;

    private final FileSize size;
    private final int count;
    private final List<String> problems;

    private FileSettings(FileSize size, int count, List<String> problems) {
        this.size = size;
        this.count = count;
        this.problems = problems;
    }

    static FileSettings read(Path cfg) {
        Properties properties = new Properties();
        List<String> problems = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(cfg, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            // no file: the defaults
        } catch (IOException | IllegalArgumentException e) {
            problems.add("not read (" + e + "); log files of " + DEFAULT_SIZE + ", " + DEFAULT_COUNT + " kept");
        }
        return new FileSettings(size(properties.getProperty(SIZE), problems),
                count(properties.getProperty(COUNT), problems), problems);
    }

    private static FileSize size(String value, List<String> problems) {
        if (value == null) {
            return DEFAULT_SIZE;
        }
        try {
            FileSize size = FileSize.valueOf(value.trim());
            if (size.getSize() > 0) {
                return size;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        problems.add(SIZE + " = '" + value + "' is no file size (like 20MB, 512KB); " + DEFAULT_SIZE + " used");
        return DEFAULT_SIZE;
    }

    private static int count(String value, List<String> problems) {
        if (value == null) {
            return DEFAULT_COUNT;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // below
        }
        problems.add(COUNT + " = '" + value + "' is no count of old files (1 to " + MAX_COUNT + "); " + DEFAULT_COUNT
                + " used");
        return DEFAULT_COUNT;
    }

    FileSize size() {
        return size;
    }

    int count() {
        return count;
    }

    List<String> problems() {
        return problems;
    }
}
