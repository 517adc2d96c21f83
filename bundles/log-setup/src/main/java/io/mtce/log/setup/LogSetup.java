package io.mtce.log.setup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Logback's configuration in code, what etc/logback.xml would say: a rolling file per role under {@code mtce.log.dir}
 * ({@code mtcAgent.log} for io.mtce.agent* and io.mtce.alarm*, {@code mtcClient.log} for io.mtce.client* and
 * io.mtce.flags*, {@code mtce.log} for the rest), each rolled over at {@code .file.size} with {@code .file.count}
 * kept (etc/io.mtce.log.cfg), every line also on stderr down to {@code mtce.log.console}, one format. Logback asks
 * it first, at the first logger anyone gets; when the file that {@code logback.configurationFile} names exists, it
 * leaves the work to Logback's XML configurator (Joran), which is then the only time those classes load.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} [%level] %logger - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (xmlPresent(System.getProperty("logback.configurationFile"))) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, Path.of(System.getProperty("mtce.log.dir", "log")),
                Path.of(System.getProperty("felix.fileinstall.dir", "etc"), "io.mtce.log.cfg"),
                System.getProperty("mtce.log.console", "TRACE"), null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether {@code logback.configurationFile} names a file that exists: then Logback's XML configurator reads it. */
    static boolean xmlPresent(String configurationFile) {
        return configurationFile != null && Files.isRegularFile(Path.of(configurationFile));
    }

    /**
     * Configures {@code context}; {@code sizeCheck} is how often a file's size may be compared with its limit (null:
     * Logback's default, as etc/logback.xml has it).
     */
    static void configure(LoggerContext context, Path dir, Path cfg, String consoleLevel, Duration sizeCheck) {
        FileSettings settings = FileSettings.read(cfg);
        Appender<ILoggingEvent> console = console(context, consoleLevel);
        Appender<ILoggingEvent> agent = file(context, "AGENT", dir.resolve("mtcAgent.log"), settings, sizeCheck);
        Appender<ILoggingEvent> client = file(context, "CLIENT", dir.resolve("mtcClient.log"), settings, sizeCheck);
        Appender<ILoggingEvent> rest = file(context, "MTCE", dir.resolve("mtce.log"), settings, sizeCheck);

        route(context.getLogger("io.mtce.agent"), agent, console);
        route(context.getLogger("io.mtce.alarm"), agent, console); // the agent's alarms, in the agent's log
        route(context.getLogger("io.mtce.client"), client, console);
        route(context.getLogger("io.mtce.flags"), client, console);
        // The OSGi Log Service's bundle and service events (the "Events.*" loggers) only when asked for.
        context.getLogger("Events").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(rest);
        root.addAppender(console);

        Logger log = context.getLogger("io.mtce.log");
        settings.problems().forEach(problem -> log.warn("{}: {}", cfg, problem));
    }

    private static void route(Logger logger, Appender<ILoggingEvent> file, Appender<ILoggingEvent> console) {
        logger.setAdditive(false);
        logger.addAppender(file);
        logger.addAppender(console);
    }

    private static Appender<ILoggingEvent> console(LoggerContext context, String level) {
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level);
        threshold.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.addFilter(threshold);
        console.setEncoder(encoder(context));
        console.start();
        return console;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, String name, Path file, FileSettings settings,
            Duration sizeCheck) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i.gz");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(settings.count());
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(settings.size());
        if (sizeCheck != null) {
            trigger.setCheckIncrement(sizeCheck);
        }
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
