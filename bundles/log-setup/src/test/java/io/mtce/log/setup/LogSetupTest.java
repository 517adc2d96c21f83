package io.mtce.log.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class LogSetupTest {
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] \\S+ - .*");

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    LogSetupTest() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // as Logback's SLF4J provider does
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void eachRoleHasItsFileAndEveryLineOneFormat() throws IOException {
        Path logs = dir.resolve("var/log/mtce");
        LogSetup.configure(context, logs, dir.resolve("absent.cfg"), "OFF", null);

        context.getLogger("io.mtce.agent.internal.AgentCore").info("agent line");
        context.getLogger("io.mtce.alarm.internal.LocalAlarmSink").info("alarm line");
        context.getLogger("io.mtce.client").info("client line");
        context.getLogger("io.mtce.flags.internal.FlagFiles").warn("flags line");
        context.getLogger("io.mtce.transport.mgmt").info("transport line");
        context.getLogger("io.mtce.agent").debug("below INFO");
        context.getLogger("Events.Bundle").info("an event below WARN");

        assertEquals(List.of("agent line", "alarm line"), messages(logs.resolve("mtcAgent.log")));
        assertEquals(List.of("client line", "flags line"), messages(logs.resolve("mtcClient.log")));
        assertEquals(List.of("transport line"), messages(logs.resolve("mtce.log")));
        for (String file : List.of("mtcAgent.log", "mtcClient.log", "mtce.log")) {
            lines(logs.resolve(file)).forEach(l -> assertTrue(LINE.matcher(l).matches(), file + ": " + l));
        }
        assertTrue(lines(logs.resolve("mtcAgent.log")).get(0)
                .endsWith(" [INFO] io.mtce.agent.internal.AgentCore - agent line"));
    }

    @Test
    void filesRollOverAtTheSizeAndCountOfTheCfg() throws IOException {
        Path cfg = Files.writeString(dir.resolve("io.mtce.log.cfg"), ".file.size = 1KB\n.file.count = 2\n");
        // Logback compares the size at most once a minute by default: here every 10 ms.
        LogSetup.configure(context, dir, cfg, "OFF", Duration.buildByMilliseconds(10));
        Logger log = context.getLogger("io.mtce.web");
        String text = "x".repeat(200);

        // Log until the third rollover has happened.
        int rollovers = 0;
        long size = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (rollovers < 3 && System.nanoTime() < deadline) {
            log.info(text);
            long now = Files.size(dir.resolve("mtce.log"));
            rollovers += now < size ? 1 : 0;
            size = now;
        }
        assertEquals(3, rollovers, "rollovers within 20 s");
        assertTrue(Files.exists(dir.resolve("mtce.log.1.gz")));
        assertTrue(Files.exists(dir.resolve("mtce.log.2.gz")));
        assertFalse(Files.exists(dir.resolve("mtce.log.3.gz")), ".file.count = 2 keeps two");
        assertTrue(lines(dir.resolve("mtce.log")).stream().noneMatch(l -> l.contains("io.mtce.log - ")));
    }

    @Test
    void aWrongSizeOrCountIsNamedAndTheDefaultUsed() throws IOException {
        Path cfg = Files.writeString(dir.resolve("io.mtce.log.cfg"), ".file.size = big\n.file.count = 0\n");
        LogSetup.configure(context, dir, cfg, "OFF", null);

        List<String> warnings = messages(dir.resolve("mtce.log"));
        assertEquals(List.of(cfg + ": .file.size = 'big' is no file size (like 20MB, 512KB); 20 MB used",
                cfg + ": .file.count = '0' is no count of old files (1 to 20); 5 used"), warnings);
    }

    @Test
    void anXmlFileThatExistsIsLeftToLogback() throws IOException {
        Path xml = Files.writeString(dir.resolve("logback.xml"), "<configuration/>\n");
        assertTrue(LogSetup.xmlPresent(xml.toString()));
        assertFalse(LogSetup.xmlPresent(dir.resolve("none.xml").toString()));
        assertFalse(LogSetup.xmlPresent(null));
    }

    /** The messages of a file's lines (after "logger - "). */
    private static List<String> messages(Path file) {
        return lines(file).stream().map(l -> l.substring(l.indexOf(" - ") + 3)).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
