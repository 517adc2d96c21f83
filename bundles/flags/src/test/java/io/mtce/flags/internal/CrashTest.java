package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.NOPLogger;

/**
 * Kills a JVM that is changing the flag files (SIGKILL, at random points) again and again, and checks after each
 * kill that reconciliation leaves the files in the last acknowledged state or in the state of the change that was
 * in flight, never mixed, with no journal or temp file left behind.
 */
class CrashTest {
    private static final int MIN_CHANGES = 200;
    private static final int MIN_KILLS = 50;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(45);

    @TempDir
    Path dir;

    /** The drivers' stderr, apart from the flag files. */
    @TempDir
    Path logs;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void filesMatchTheLastAcknowledgedChangeAfterEveryKill() throws Exception {
        Random random = new Random(0xD9982A3L);
        FlagSettings settings = FlagSettings.in(dir);
        DesiredLock acked = DesiredLock.UNLOCKED;
        int changes = 0;
        int kills = 0;
        int inFlightCompleted = 0;
        int journalsFound = 0;
        int mixedFound = 0;
        long started = System.nanoTime();

        while ((changes < MIN_CHANGES || kills < MIN_KILLS) && System.nanoTime() - started < BUDGET_NANOS) {
            Process driver = launch();
            BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                    StandardCharsets.US_ASCII));
            if (random.nextInt(8) == 0) {
                // Now and then kill it during start, possibly while it completes an interrupted change.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(400)));
            } else {
                assertEquals("START " + acked, out.readLine(), "the restarted driver reconciled to the same state");
                for (int acks = random.nextInt(16); acks > 0; acks--) {
                    acked = ack(out.readLine(), acked);
                    changes++;
                }
                // Land the kill at a random point of the next change (one takes a few milliseconds).
                LockSupport.parkNanos(random.nextInt(4_000_000));
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe holding the last ACKs.
            driver.toHandle().destroyForcibly();
            driver.waitFor();
            kills++;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acked = ack(line, acked);
                    changes++;
                }
            }

            DesiredLock inFlight = acked == DesiredLock.UNLOCKED ? DesiredLock.LOCKED_PERSIST : DesiredLock.UNLOCKED;
            if (Files.exists(settings.journalPath())) {
                journalsFound++;
            }
            if (Files.exists(settings.volatilePath()) != Files.exists(settings.backupPath())) {
                mixedFound++; // killed between the two files: only the journal tells which way to go
            }
            DesiredLock now = reconcile(settings, acked, inFlight);
            if (now != acked) {
                inFlightCompleted++;
            }
            acked = now;
        }

        System.out.printf("crash test: %d acknowledged changes, %d kills; after a kill: journal found %d times,"
                + " one file only %d times, in-flight change kept %d times%n",
                changes, kills, journalsFound, mixedFound, inFlightCompleted);
        assertTrue(changes >= MIN_CHANGES, "only " + changes + " changes in the time budget");
        assertTrue(kills >= MIN_KILLS, "only " + kills + " kills in the time budget");
    }

    private static DesiredLock ack(String line, DesiredLock previous) {
        String[] words = line == null ? new String[0] : line.split(" ");
        assertEquals(3, words.length, "unexpected driver output: " + line);
        assertEquals("ACK", words[0]);
        DesiredLock acked = DesiredLock.valueOf(words[2]);
        assertTrue(acked != previous, "each change alternates: " + line);
        return acked;
    }

    /** Reconciles in this JVM and checks the outcome; returns the state the files are now held in. */
    private DesiredLock reconcile(FlagSettings settings, DesiredLock acked, DesiredLock inFlight) throws IOException {
        FlagKeeper keeper = new FlagKeeper(settings, Syncer.FSYNC, NOPLogger.NOP_LOGGER, change -> { });
        keeper.start();
        try {
            FlagState state = keeper.state();
            assertTrue(state == acked.expected() || state == inFlight.expected(),
                    "after the kill: " + state + ", last acknowledged " + acked);
            assertEquals(state, keeper.desired().expected(), "desired matches the files");
            assertTrue(keeper.lastError().isEmpty(), keeper.lastError().orElse(""));
            assertFalse(Files.exists(settings.journalPath()), "journal cleared");
            assertEquals(0, Dirs.tempFiles(dir), "no temp file left");
            if (state == FlagState.BOTH_PRESENT) {
                Dirs.assertFlagContent(settings.volatilePath());
                Dirs.assertFlagContent(settings.backupPath());
            }
            return keeper.desired();
        } finally {
            keeper.close();
        }
    }

    private Process launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx64m", "-cp", classPath(), CrashDriver.class.getName(), dir.toString()));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("driver.err").toFile()))
                .start();
    }

    /** Surefire puts the real test class path in java.class.path even when it forks with a manifest-only jar. */
    private static String classPath() {
        String path = System.getProperty("java.class.path");
        assertTrue(path.contains("test-classes") || path.contains("classes" + File.separator),
                "test classes not on java.class.path: " + path);
        return path;
    }
}
