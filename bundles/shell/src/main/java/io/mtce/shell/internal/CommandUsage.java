package io.mtce.shell.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/**
 * A Gogo function's usage text, built from its {@link Descriptor}s: the method's line, then a usage line whose
 * placeholders are the part of each positional parameter's descriptor before the colon, then one line per option
 * and parameter. Of overloads, the one with the most parameters is described.
 */
final class CommandUsage {
    private CommandUsage() {
    }

    static String of(Class<?> commands, String scope, String function) {
        Method method = Arrays.stream(commands.getMethods()).filter(m -> m.getName().equals(function))
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new IllegalArgumentException("no command " + scope + ":" + function));
        StringBuilder usage = new StringBuilder(scope).append(':').append(function);
        StringBuilder lines = new StringBuilder();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == CommandSession.class) {
                continue;
            }
            String text = descriptor(method.getParameters()[i].getAnnotation(Descriptor.class));
            Parameter option = method.getParameters()[i].getAnnotation(Parameter.class);
            if (option != null) {
                String names = String.join(", ", option.names());
                usage.append(" [").append(option.names()[0]).append(']');
                lines.append(String.format("%n  %-24s %s", names, text));
            } else {
                int colon = text.indexOf(':');
                String placeholder = colon > 0 ? text.substring(0, colon) : "ARG" + i;
                usage.append(' ').append(placeholder);
                lines.append(String.format("%n  %-24s %s", placeholder,
                        colon > 0 ? text.substring(colon + 1).strip() : text));
            }
        }
        return descriptor(method.getAnnotation(Descriptor.class)) + "\nusage: " + usage + lines;
    }

    private static String descriptor(Descriptor d) {
        return d == null ? "" : d.value();
    }
}
