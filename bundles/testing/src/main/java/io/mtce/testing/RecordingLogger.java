package io.mtce.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Keeps every line logged through it as "LEVEL message", so tests can assert what was logged and how often. */
public final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    public RecordingLogger() {
        this.name = "test";
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines at {@code level} containing {@code text}. */
    public List<String> matching(Level level, String text) {
        return lines.stream().filter(l -> l.startsWith(level + " ") && l.contains(text)).collect(Collectors.toList());
    }

    public long count(Level level, String text) {
        return matching(level, text).size();
    }

    /** Whether a line at {@code level} contains {@code text}. */
    public boolean logged(Level level, String text) {
        return count(level, text) > 0;
    }

    /** How many lines were logged at {@code level}. */
    public long count(Level level) {
        return count(level, "");
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
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
