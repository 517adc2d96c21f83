package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * What ships: the container started through {@code bin/mtce} (its JVM options, the class-data-sharing archive the
 * build made with {@code bin/mtce --prepare}, the framework cache kept across restarts and emptied when etc/ changes)
 * comes up with every component working each time, and stops on EOF and on SIGTERM.
 */
public class RuntimeBinIT {
    private static final long UP_MS = 60_000;

    @Test
    public void firstStartRestartAndRestartAfterAConfigChangeAllComeUp() throws Exception {
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeBinIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            Path data = runtime.home().resolve("data");
            Path archive = runtime.home().resolve("lib/mtce.jsa");
            boolean sharing = javaReportsSharing();
            if (sharing) {
                assertTrue("the build made lib/mtce.jsa", Files.isRegularFile(archive));
            }
            FileTime archiveMark = sharing ? Files.getLastModifiedTime(archive) : null;

            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "first start");
            if (sharing) {
                assertTrue("the first start maps the archive made at build time", runtime.maps(archive));
            }
            assertTrue("the framework cache is in data/", Files.isDirectory(data.resolve("felix-cache")));
            assertEquals("the first start stops cleanly on EOF", 117, runtime.stop(60));
            if (sharing) {
                assertEquals("no start or stop writes the archive", archiveMark, Files.getLastModifiedTime(archive));
            }
            FileTime cacheMark = Files.getLastModifiedTime(data.resolve("felix-cache.id"));

            // This start checks that SIGTERM stops the framework as stop 0 does: the stop budget (500 ms, after which
            // the JVM exits anyway) is lifted, so that a loaded machine cannot turn the check into a race.
            runtime.startThroughBin(lo.prefix(), Map.of("MTCE_JAVA_OPTS", "-Dgosh.args= -Dmtce.stop.budget.ms=60000"));
            assertUp(runtime, "restart");
            if (sharing) {
                assertTrue("the restart maps the archive", runtime.maps(archive));
            }
            assertEquals("the restart kept the framework cache", cacheMark,
                    Files.getLastModifiedTime(data.resolve("felix-cache.id")));
            int mark = runtime.output().size();
            assertEquals("SIGTERM stops the container", 143, runtime.terminate(60));
            assertTrue("SIGTERM stops the framework first, as stop 0 does", MtceTestSupport.await(() -> {
                List<String> after = runtime.output().subList(mark, runtime.output().size());
                return after.stream().anyMatch(l -> l.contains("io.mtce.lifecycle - JVM exiting (SIGTERM?)"))
                        && after.stream().anyMatch(l -> l.contains("management/agent transport stopped"));
            }, 10_000));

            // A configuration edited while the container was down: the cache is emptied, the edit applies.
            Path agentCfg = runtime.home().resolve("etc/io.mtce.agent.cfg");
            Files.writeString(agentCfg, Files.readString(agentCfg) + "online.audit.ms = 8000\n");
            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "restart after an etc/ change");
            assertFalse("a changed etc/ empties the framework cache",
                    cacheMark.equals(Files.getLastModifiedTime(data.resolve("felix-cache.id"))));
            assertEquals(117, runtime.stop(60));
            assertFalse("nothing is archived into data/", Files.exists(data.resolve("mtce.jsa")));
        }
    }

    @Test
    public void anArchiveThatNoLongerFitsIsLeftAloneUntilPrepareMakesANewOne() throws Exception {
        if (!javaReportsSharing()) {
            return; // this JVM maps no archive: bin/mtce makes none
        }
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeBinIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            Path jar = runtime.home().resolve("lib/mtce.jar");
            Path archive = runtime.home().resolve("lib/mtce.jsa");
            // As a jar copied without its time would be: the JVM would refuse the archive made for the old one.
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "start with an archive made for another lib/mtce.jar");
            assertFalse("the stale archive is not mapped", runtime.maps(archive));
            assertTrue("bin/mtce says why and what makes a new one", runtime.output().stream()
                    .anyMatch(l -> l.contains("lib/mtce.jsa was made for another") && l.contains("--prepare")));
            assertEquals(117, runtime.stop(60));

            assertEquals("bin/mtce --prepare succeeds; prepare.log in the home says why not", 0,
                    runtime.prepareThroughBin(lo.prefix(), 180));
            assertTrue(Files.isRegularFile(archive));
            runtime.startThroughBin(lo.prefix());
            assertUp(runtime, "start after --prepare");
            assertTrue("the new archive is mapped", runtime.maps(archive));
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

    /** Whether this JVM maps a CDS archive at all (bin/mtce --prepare makes one only then). */
    private static boolean javaReportsSharing() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.contains("sharing");
    }
}
