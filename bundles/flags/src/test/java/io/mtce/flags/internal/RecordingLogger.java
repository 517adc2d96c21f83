package io.mtce.flags.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Keeps every formatted log line, prefixed with its level, so tests can assert on what was logged. */
final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient List<String> lines = new CopyOnWriteArrayList<>();

    RecordingLogger() {
        this.name = "test";
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean logged(Level level, String fragment) {
        String prefix = level + " ";
        return lines.stream().anyMatch(line -> line.startsWith(prefix) && line.contains(fragment));
    }

    long count(Level level) {
        String prefix = level + " ";
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
