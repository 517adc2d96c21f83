package io.mtce.log.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Writes the OSGi Log Service's entries (SCR's, Config Admin's, FileInstall's, the framework events') through Logback,
 * in the format and files of every other line, at the time they were logged, under the Log Service's logger names
 * ({@code LogService.org.apache.felix.fileinstall} for the old API, {@code Events.Bundle} and the like for events).
 * The Log Service drops entries below its own level first: WARN unless etc/org.osgi.service.log.admin.cfg says
 * otherwise.
 */
@Component(immediate = true)
public final class LogServiceToLogback implements LogListener {
    private static final String FQCN = LogServiceToLogback.class.getName();

    private final LogReaderService reader;
    private final LoggerContext context;

    @Activate
    public LogServiceToLogback(@Reference LogReaderService reader) {
        this.reader = reader;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        this.context = factory instanceof LoggerContext ? (LoggerContext) factory : null;
        if (context != null) {
            reader.addLogListener(this);
        }
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Logger logger = context.getLogger(entry.getLoggerName());
        Level level = level(entry);
        if (!logger.isEnabledFor(level)) {
            return;
        }
        LoggingEvent event = new LoggingEvent(FQCN, logger, level, entry.getMessage(), entry.getException(), null);
        event.setTimeStamp(entry.getTime());
        event.setThreadName(entry.getThreadInfo());
        logger.callAppenders(event);
    }

    private static Level level(LogEntry entry) {
        switch (entry.getLogLevel()) {
            case ERROR:
                return Level.ERROR;
            case WARN:
                return Level.WARN;
            case DEBUG:
                return Level.DEBUG;
            case TRACE:
                return Level.TRACE;
            default:
                return Level.INFO; // INFO and AUDIT
        }
    }
}
