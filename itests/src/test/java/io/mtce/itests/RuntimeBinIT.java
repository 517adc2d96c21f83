package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.Test;

/**
 * What ships: the container started through {@code bin/mtce} (its JVM options, the class-data-sharing archive made
 * on the first start and used from the next, the framework cache kept across restarts and emptied when etc/
 * changes) comes up with every component working each time.
 */
public class RuntimeBinIT {
    private static final long UP_MS = 60_000;

    @Test
    public void firstStartRestartAndRestartAfterAConfigChangeAllComeUp() throws Exception {
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeBinIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            Path data = runtime.home().resolve("data");
            boolean sharing = javaReportsSharing();

            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "first start");
            assertTrue("the framework cache is in data/", Files.isDirectory(data.resolve("felix-cache")));
            assertEquals("the first start stops cleanly on EOF", 117, runtime.stop(60));
            if (sharing) {
                assertTrue("the first start writes the class-data-sharing archive when it stops",
                        Files.isRegularFile(data.resolve("mtce.jsa.new")));
            }
            FileTime cacheMark = Files.getLastModifiedTime(data.resolve("felix-cache.id"));

            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "restart");
            if (sharing) {
                assertTrue("the restart checked and adopted the archive",
                        Files.isRegularFile(data.resolve("mtce.jsa")));
                assertFalse(Files.exists(data.resolve("mtce.jsa.new")));
            }
            assertEquals("the restart kept the framework cache", cacheMark,
                    Files.getLastModifiedTime(data.resolve("felix-cache.id")));
            assertEquals(117, runtime.stop(60));

            // A configuration edited while the container was down: the cache is emptied, the edit applies.
            Path agentCfg = runtime.home().resolve("etc/io.mtce.agent.cfg");
            Files.writeString(agentCfg, Files.readString(agentCfg) + "online.audit.ms = 8000\n");
            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "restart after an etc/ change");
            assertFalse("a changed etc/ empties the framework cache",
                    cacheMark.equals(Files.getLastModifiedTime(data.resolve("felix-cache.id"))));
            assertEquals(117, runtime.stop(60));
        }
    }

    /** Every component active, the seeded host listed, and the embedded client's mtcAlive reaching the agent. */
    private static void assertUp(RuntimeHome runtime, String when) throws InterruptedException {
        boolean up = MtceTestSupport.await(() -> runtime.ask("mtce:hosts", 5_000).stream()
                .anyMatch(l -> l.startsWith("controller-0")), UP_MS);
        assertTrue(when + ": mtce:hosts lists controller-0; output:\n" + String.join("\n", runtime.output()), up);
        boolean heard = MtceTestSupport.await(() -> runtime.ask("mtce:stats", 5_000).stream()
                .anyMatch(l -> l.matches(".*\\thandled [1-9].*")), UP_MS);
        assertTrue(when + ": the agent handles the client's mtcAlive", heard);
        List<String> out = runtime.output();
        assertTrue(when + ": no bundle fails to start",
                out.stream().noneMatch(l -> l.contains("Error starting") || l.contains("Unable to resolve")));
    }

    /** Whether this JVM maps a CDS archive at all (bin/mtce only trains one then). */
    private static boolean javaReportsSharing() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.contains("sharing");
    }
}
