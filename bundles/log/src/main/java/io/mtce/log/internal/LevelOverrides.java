package io.mtce.log.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Sets Logback logger levels over those of the Logback configuration file, and puts a logger's own level back once it
 * is no longer overridden (a logger without a level of its own inherits its parent's again).
 */
final class LevelOverrides {
    private final LoggerContext context;
    /** Each overridden logger's level before the first override; null when it had none (it inherited one). */
    private final Map<String, Level> originals = new HashMap<>();

    LevelOverrides(LoggerContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Makes {@code wanted} (logger name to level) the overrides in force.
     *
     * @return what changed, one "name=LEVEL" (set) or "name restored" entry per logger, sorted; empty when nothing did
     */
    synchronized List<String> apply(Map<String, Level> wanted) {
        Map<String, String> changes = new TreeMap<>();
        for (String name : new ArrayList<>(originals.keySet())) {
            if (!wanted.containsKey(name)) {
                context.getLogger(name).setLevel(originals.remove(name));
                changes.put(name, name + " restored");
            }
        }
        wanted.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            if (!originals.containsKey(name)) {
                originals.put(name, logger.getLevel());
            }
            if (!level.equals(logger.getLevel())) {
                logger.setLevel(level);
                changes.put(name, name + "=" + level);
            }
        });
        return List.copyOf(changes.values());
    }

    /** Puts every overridden logger's own level back. */
    synchronized List<String> restoreAll() {
        return apply(Map.of());
    }
}
