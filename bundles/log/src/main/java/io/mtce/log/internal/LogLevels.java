package io.mtce.log.internal;

import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger levels of configuration {@code io.mtce.log} (etc/io.mtce.log.cfg: {@code io.mtce.agent = DEBUG}), applied
 * to Logback when the component starts and at every change of the file, without a restart. A logger the file no
 * longer names, or every logger once the file is deleted, gets the level it had at start (io.mtce.log.setup's, or
 * etc/logback.xml's if the home has one).
 */
@Component(configurationPid = LogLevels.PID, immediate = true)
public final class LogLevels {
    static final String PID = "io.mtce.log";
    private static final Logger LOG = LoggerFactory.getLogger(PID);

    private final LevelOverrides overrides;

    @Activate
    public LogLevels(Map<String, Object> properties) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext) {
            overrides = new LevelOverrides((LoggerContext) factory);
            apply(properties);
        } else {
            overrides = null;
            LOG.warn("logger levels of {} are not applied: the SLF4J backend is {}, not Logback", PID,
                    factory.getClass().getName());
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        if (overrides != null) {
            apply(properties);
        }
    }

    @Deactivate
    void deactivate() {
        if (overrides != null) {
            overrides.restoreAll();
        }
    }

    private void apply(Map<String, Object> properties) {
        String source = String.valueOf(properties.getOrDefault("felix.fileinstall.filename", "configuration " + PID));
        LevelSettings settings = new LevelSettings(properties);
        settings.invalid().forEach((logger, value) -> LOG.warn("{}: {} = '{}' is no log level (one of {}); ignored",
                source, logger, value, String.join(", ", LevelSettings.LEVELS)));
        List<String> changes = overrides.apply(settings.levels());
        if (!changes.isEmpty()) {
            LOG.info("log levels from {}: {}", source, String.join(", ", changes));
        }
    }
}
