package io.mtce.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings of a unit file, every section's keys in one map (a key set twice keeps both values, in order). */
final class SystemdUnit {
    private SystemdUnit() {
    }

    static Map<String, List<String>> read(Path unit) throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(unit)) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("[") || eq < 0) {
                continue;
            }
            settings.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return settings;
    }

    /** Environment= as the service sees it: quotes removed, %% made %. */
    static Map<String, String> environment(Map<String, List<String>> settings) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String value : settings.getOrDefault("Environment", List.of())) {
            String v = value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
            int eq = v.indexOf('=');
            env.put(v.substring(0, eq), v.substring(eq + 1).replace("%%", "%"));
        }
        return env;
    }
}
