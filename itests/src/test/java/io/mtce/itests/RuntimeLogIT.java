package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * The real container's logs: one file per role under {@code mtce.log.dir}, every line in one format on the console and
 * in the files (SPI Fly's java.util.logging lines included), and a level changed in etc/io.mtce.log.cfg taking
 * effect while the container runs; an etc/logback.xml, when the home has one, in place of the set-up in code. The
 * agent logs "transport down" at DEBUG when the pxeboot transport bundle is removed from deploy/: at INFO that line
 * must not be written, at DEBUG it must.
 */
public class RuntimeLogIT {
    private static final String JAR = "io.mtce.transport.pxeboot.jar";
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] \\S+ - .*");
    /** java.util.logging's own format: "Dec 06, 2026 11:26:06 AM org.apache.aries.spifly.BaseActivator log". */
    private static final Pattern JUL_LINE =
            Pattern.compile("[A-Z][a-z]{2} \\d{2}, \\d{4} .*|(INFO|WARNING|SEVERE): .*");
    private static final String DOWN = "[DEBUG] io.mtce.agent - agent Pxeboot transport down";

    @Test
    public void perRoleFilesInOneFormatAndALevelChangedWhileRunning() throws Exception {
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeLogIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            Path logs = runtime.home().resolve("elsewhere/logs");
            runtime.startWith(lo.prefix(), "-Dmtce.log.dir=" + logs);
            Path agentLog = logs.resolve("mtcAgent.log");
            Path clientLog = logs.resolve("mtcClient.log");
            Path mtceLog = logs.resolve("mtce.log");
            assertTrue("transports and Jetty up; console:\n" + String.join("\n", runtime.output()),
                    MtceTestSupport.await(() -> count(mtceLog, "pxeboot/agent transport UP") == 1
                            && count(mtceLog, "] org.apache.felix.http - Started Jetty") == 1, 60_000));

            // One file per role; the rest in mtce.log, SPI Fly's java.util.logging lines (Jetty's providers) included.
            assertTrue(count(agentLog, "[INFO] io.mtce.agent - agent role started") == 1);
            assertTrue(count(clientLog, "[INFO] io.mtce.client - ") > 0);
            assertTrue(count(clientLog, "[INFO] io.mtce.flags - ") > 0);
            assertEquals(0, count(mtceLog, "] io.mtce.agent") + count(mtceLog, "] io.mtce.client")
                    + count(mtceLog, "] io.mtce.flags"));
            assertTrue(count(mtceLog, "[INFO] org.apache.aries.spifly.BaseActivator - Registered provider") > 0);
            assertFalse("mtce.log.dir is where the files go", Files.exists(runtime.home().resolve("log")));
            for (Path file : List.of(agentLog, clientLog, mtceLog)) {
                List<String> odd = lines(file).stream().filter(l -> !LINE.matcher(l).matches())
                        .collect(Collectors.toList());
                assertEquals(file + ": lines in another format", List.of(), odd);
            }
            List<String> console = runtime.output();
            assertEquals("console lines in java.util.logging's format", List.of(),
                    console.stream().filter(l -> JUL_LINE.matcher(l).matches()).collect(Collectors.toList()));
            assertTrue("the console has the log lines too", console.stream()
                    .anyMatch(l -> LINE.matcher(l).matches() && l.contains("] io.mtce.agent - agent role started")));

            // io.mtce.agent at DEBUG, live: removing the pxeboot transport logs the agent's DEBUG line.
            Path deploy = runtime.home().resolve("deploy");
            Path aside = runtime.home().resolve(JAR);
            runtime.writeConfig("io.mtce.log.cfg", "io.mtce.agent = DEBUG\n");
            assertTrue("the level change is applied and logged",
                    MtceTestSupport.await(() -> count(mtceLog, "io.mtce.agent=DEBUG") == 1, 10_000));
            Files.move(deploy.resolve(JAR), aside);
            assertTrue("at DEBUG the agent logs the transport going down",
                    MtceTestSupport.await(() -> count(agentLog, DOWN) == 1, 30_000));
            redeploy(aside, deploy, mtceLog, 2);

            // Back to the start's INFO: the same removal logs no DEBUG line.
            runtime.writeConfig("io.mtce.log.cfg", "# none: the levels of the start\n");
            assertTrue(MtceTestSupport.await(() -> count(mtceLog, "io.mtce.agent restored") == 1, 10_000));
            Files.move(deploy.resolve(JAR), aside);
            assertTrue(MtceTestSupport.await(() -> count(mtceLog, "pxeboot/agent transport stopped") == 2, 30_000));
            redeploy(aside, deploy, mtceLog, 3);

            // DEBUG again: one more DEBUG line, the third removal's. Written after anything the second removal logged
            // (its "transport stopped" and the agent's notice come from one thread, before the redeploy), so a count
            // of 2 proves that the second wrote none.
            runtime.writeConfig("io.mtce.log.cfg", "io.mtce.agent = debug\n");
            assertTrue(MtceTestSupport.await(() -> count(mtceLog, "io.mtce.agent=DEBUG") == 2, 10_000));
            Files.move(deploy.resolve(JAR), aside);
            assertTrue(MtceTestSupport.await(() -> count(mtceLog, "pxeboot/agent transport stopped") == 3, 30_000));
            assertTrue(MtceTestSupport.await(() -> count(agentLog, DOWN) >= 2, 10_000));
            assertEquals("DEBUG lines only while io.mtce.agent was at DEBUG", 2, count(agentLog, DOWN));
        }
    }

    @Test
    public void anEtcLogbackXmlReplacesTheSetUpInCode() throws Exception {
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeLogIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            Path etc = runtime.home().resolve("etc");
            String xml = Files.readString(etc.resolve("logback.xml.example"), StandardCharsets.UTF_8);
            Files.writeString(etc.resolve("logback.xml"), xml.replace("${LOG_DIR}/mtce.log", "${LOG_DIR}/other.log"),
                    StandardCharsets.UTF_8);
            runtime.startWith(lo.prefix());
            Path other = runtime.home().resolve("log/other.log");
            assertTrue("etc/logback.xml's file for the rest; console:\n" + String.join("\n", runtime.output()),
                    MtceTestSupport.await(() -> count(other, "] org.apache.felix.http - Started Jetty") == 1, 60_000));
            Path logs = other.getParent();
            assertTrue(count(logs.resolve("mtcAgent.log"), "[INFO] io.mtce.agent - agent role started") == 1);
            assertFalse("no mtce.log: the set-up in code stood back", Files.exists(logs.resolve("mtce.log")));
        }
    }

    /** Puts the pxeboot transport back (an atomic rename: FileInstall sees the whole jar) and awaits its UP line. */
    private static void redeploy(Path aside, Path deploy, Path mtceLog, int ups) throws Exception {
        Files.move(aside, deploy.resolve(JAR));
        assertTrue("pxeboot transport up again",
                MtceTestSupport.await(() -> count(mtceLog, "pxeboot/agent transport UP") == ups, 30_000));
    }

    private static long count(Path file, String text) {
        return lines(file).stream().filter(l -> l.contains(text)).count();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
