package io.mtce.health.internal;

import java.util.regex.Pattern;

/**
 * The operator's part of an SCR activation failure. SCR's {@code ComponentConfigurationDTO.failure} is the whole stack
 * trace; what matters is the first message in its chain of causes (a constructor's exception arrives wrapped in an
 * InvocationTargetException without one), without the class names that wrap it.
 */
final class FailureText {
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(Caused by: )?([\\w$]+\\.)+[\\w$]+(: |$)");

    private FailureText() {
    }

    /** E.g. "inventory file /var/lib/mtce/hosts.json is not valid JSON: ..." out of the stack trace. */
    static String of(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        String fallback = null;
        for (String line : failure.split("\\R")) {
            boolean header = fallback == null || line.startsWith("Caused by: ");
            if (!header) {
                continue;
            }
            String message = stripClasses(line.strip());
            if (!message.isEmpty()) {
                return message;
            }
            if (fallback == null) {
                fallback = line.strip();
            }
        }
        return fallback;
    }

    /** "a.B: c.D: message" → "message": the wrappers' toString() of their cause adds only class names. */
    private static String stripClasses(String line) {
        String rest = line;
        while (true) {
            var m = CLASS_PREFIX.matcher(rest);
            if (!m.find() || m.end() == 0) {
                return rest.strip();
            }
            rest = rest.substring(m.end());
        }
    }
}
