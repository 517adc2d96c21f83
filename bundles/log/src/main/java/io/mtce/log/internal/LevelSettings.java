package io.mtce.log.internal;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads logger levels from a configuration's properties: each key is a logger name (or a prefix of names: {@code
 * io.mtce.agent} covers {@code io.mtce.agent.internal.X}), {@code ROOT} for every logger, and each value a level.
 * Config Admin's, FileInstall's and DS's own properties are not logger names.
 */
final class LevelSettings {
    static final List<String> LEVELS = List.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    /** Prefixes of Config Admin's, FileInstall's and DS's own properties. */
    private static final List<String> NOT_LOGGERS = List.of("service.", "component.", "felix.fileinstall.", "osgi.ds.");

    private final Map<String, Level> levels = new TreeMap<>();
    private final Map<String, String> invalid = new TreeMap<>();

    LevelSettings(Map<String, ?> properties) {
        properties.forEach((key, value) -> {
            if (key.startsWith(".") || NOT_LOGGERS.stream().anyMatch(key::startsWith)) {
                return; // keys starting with a dot are private configuration properties, not logger names
            }
            String level = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
            if (LEVELS.contains(level)) {
                String logger = key.equalsIgnoreCase("root") ? org.slf4j.Logger.ROOT_LOGGER_NAME : key;
                levels.put(logger, Level.toLevel(level));
            } else {
                invalid.put(key, String.valueOf(value));
            }
        });
    }

    /** Logger name to level, for each valid entry. */
    Map<String, Level> levels() {
        return levels;
    }

    /** Logger name to the value that is no level. */
    Map<String, String> invalid() {
        return invalid;
    }
}
