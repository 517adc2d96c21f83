package io.mtce.flags.internal;

import static io.mtce.flags.DesiredLock.LOCKED_PERSIST;
import static io.mtce.flags.DesiredLock.LOCKED_VOLATILE_ONLY;
import static io.mtce.flags.DesiredLock.UNLOCKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import io.mtce.testing.PowerCutFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts at every file-system operation of the flag files' changes, on {@link PowerCutFs}: a lock, an unlock,
 * tamper corrections and startup reconciliations, each cut after its k-th mutating operation for every k (and once
 * after it completed), then a reboot (volatile directory emptied, unsynced data gone, service restarted). After
 * each: an acknowledged change is never lost, the two files agree, nothing is left behind, and what startup did is
 * itself durable (a second cut right after changes nothing). Then a random run over many operations; its length is
 * {@code -Dpowercut.seconds} (default 10). Every violation found is listed with the operations before the cut.
 */
class PowerCutExplorationTest {
    private static final long RANDOM_SECONDS = Long.getLong("powercut.seconds", 10);
    private static final long SETTLE_MS = 3000;

    @TempDir
    Path dir;

    private final List<String> violations = new ArrayList<>();
    private int explored;
    private Syncer syncer = Syncer.FSYNC;
    /** One mount for the test, formatted before each step: a mount per crash state costs twice as much. */
    private PowerCutBed node;

    /** Brings a fresh bed to the state before the operation. */
    @FunctionalInterface
    interface Setup {
        void run(PowerCutBed bed) throws Exception;
    }

    /**
     * One scenario.
     *
     * @param before the state acknowledged before the operation
     * @param after the state the operation heads to
     * @param strict whether only {@code after} is acceptable even when the operation did not return (tampering
     *               and startup: the acknowledged state is not what is changing)
     * @param settle whether the operation ends later, on the service's own threads (a correction after tampering)
     */
    record Scenario(String name, DesiredLock before, DesiredLock after, boolean strict, boolean settle, Setup setup,
            Setup operation) {
    }

    @BeforeEach
    void fuse() {
        String reason = PowerCutFs.unavailableReason();
        assumeTrue(reason == null, "power-cut file system unavailable: " + reason);
    }

    @AfterEach
    void unmount() {
        if (node != null) {
            node.close();
        }
    }

    private PowerCutBed node() throws IOException {
        if (node == null) {
            node = new PowerCutBed(dir.resolve("node"), syncer);
        }
        return node;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyCutPointOfEveryOperationKeepsTheAcknowledgedState() throws Exception {
        long started = System.nanoTime();
        List<String> perScenario = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            int before = explored;
            long ops = calibrate(scenario);
            for (long k = 1; k <= ops + 1; k++) {
                explore(scenario, k);
            }
            perScenario.add(scenario.name() + " " + ops + " ops/" + (explored - before) + " states");
        }
        System.out.printf("power-cut exploration (flags): %d crash states explored, %d violations, %d ms ; %s%n",
                explored, violations.size(), (System.nanoTime() - started) / 1_000_000,
                String.join(", ", perScenario));
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void randomCutsOverManyOperations() throws Exception {
        Random random = new Random(Long.getLong("powercut.seed", 0x5EEDL));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RANDOM_SECONDS);
        long started = System.nanoTime();
        int operations = 0;
        try (PowerCutBed node = new PowerCutBed(dir.resolve("random"), syncer)) {
            NodeLockFlagsComponent flags = node.start();
            DesiredLock acked = UNLOCKED;
            while (System.nanoTime() < deadline) {
                int steps = 1 + random.nextInt(3);
                long armed = 1 + random.nextInt(14 * steps);
                long c0 = node.fs.count();
                node.fs.arm(armed);
                DesiredLock inFlight = null;
                List<String> done = new ArrayList<>();
                for (int i = 0; i < steps && !node.fs.frozen(); i++) {
                    int action = random.nextInt(6);
                    DesiredLock target = acked;
                    try {
                        switch (action) {
                            case 0 -> {
                                target = LOCKED_PERSIST;
                                done.add("lock");
                                flags.lock(true);
                            }
                            case 1 -> {
                                target = UNLOCKED;
                                done.add("unlock");
                                flags.unlock();
                            }
                            case 2 -> tamper(node, node.settings.backupPath(), acked, done);
                            case 3 -> tamper(node, node.settings.volatilePath(), acked, done);
                            case 4 -> {
                                target = LOCKED_VOLATILE_ONLY;
                                done.add("lock (volatile only)");
                                flags.lock(false);
                            }
                            default -> {
                                // No power loss: only a lock without persistence is dropped (no backup, no journal).
                                target = afterReboot(acked);
                                done.add("restart");
                                node.stop();
                                flags = node.start();
                                if (flags.desired() != target) {
                                    violations.add("random " + done + ": restarted " + flags.desired() + " where "
                                            + acked + " was acknowledged");
                                }
                            }
                        }
                        acked = target;
                        operations++;
                    } catch (Exception e) {
                        done.add("(failed: " + e.getMessage() + ")");
                        if (target != acked) {
                            inFlight = target;
                        }
                        break;
                    }
                }
                String ops = String.join(" | ", node.fs.log((int) Math.min(64, node.fs.count() - c0)));
                node.powerLoss();
                DesiredLock now = check(node, "random " + done, armed, acked, inFlight == null ? acked : inFlight,
                        inFlight == null, ops);
                acked = now == null ? acked : now;
                flags = node.flags();
                if (flags == null) {
                    flags = node.start();
                }
            }
        }
        System.out.printf("power-cut random run (flags): %d crash states explored over %d operations, %d violations,"
                + " %d ms%n", explored, operations, violations.size(), (System.nanoTime() - started) / 1_000_000);
        assertTrue(explored > 0, "no crash state in " + RANDOM_SECONDS + " s");
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    /** A lock without persistence is lost over a reboot by design (simplex: the agent locks again). */
    private static DesiredLock afterReboot(DesiredLock state) {
        return state == LOCKED_VOLATILE_ONLY ? UNLOCKED : state;
    }

    /** The exploration can fail: a service whose fsync does nothing loses an acknowledged lock at every point. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void codeThatSkipsFsyncIsCaught() throws Exception {
        syncer = (channel, path) -> { };
        Scenario lock = scenarios().get(0);
        explore(lock, calibrate(lock) + 1);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("BOTH_ABSENT where LOCKED_PERSIST was acknowledged"), violations.get(0));
    }

    private List<Scenario> scenarios() {
        Setup unlocked = PowerCutBed::start;
        Setup locked = node -> node.start().lock(true);
        return List.of(
                new Scenario("lock", UNLOCKED, LOCKED_PERSIST, false, false, unlocked,
                        node -> node.flags().lock(true)),
                new Scenario("unlock", LOCKED_PERSIST, UNLOCKED, false, false, locked,
                        node -> node.flags().unlock()),
                // Without persistence the lock is lost over a reboot by design (simplex): unlocked after, never mixed.
                new Scenario("lock without persistence", UNLOCKED, LOCKED_VOLATILE_ONLY, false, false, unlocked,
                        node -> node.flags().lock(false)),
                new Scenario("lock without persistence when locked", LOCKED_PERSIST, LOCKED_VOLATILE_ONLY, false,
                        false, locked,
                        node -> node.flags().lock(false)),
                new Scenario("backup deleted by hand while locked", LOCKED_PERSIST, LOCKED_PERSIST, true, true,
                        locked, node -> Files.delete(node.settings.backupPath())),
                new Scenario("volatile deleted by hand while locked", LOCKED_PERSIST, LOCKED_PERSIST, true, true,
                        locked, node -> Files.delete(node.settings.volatilePath())),
                new Scenario("backup created by hand while unlocked", UNLOCKED, UNLOCKED, true, true, unlocked,
                        node -> Files.writeString(node.settings.backupPath(), NodeLockFlags.CONTENT)),
                new Scenario("first startup on an empty disk (creating var/persist/mtc)", UNLOCKED, UNLOCKED, true,
                        false, node -> { }, PowerCutBed::start),
                new Scenario("startup from the backup only", LOCKED_PERSIST, LOCKED_PERSIST, true, false,
                        node -> node.durable(node.settings.backupPath(), NodeLockFlags.CONTENT), PowerCutBed::start),
                new Scenario("startup completing an interrupted lock", UNLOCKED, LOCKED_PERSIST, true, false,
                        node -> {
                            node.durable(node.settings.journalPath(), LOCKED_PERSIST.name() + "\n");
                            node.durable(DurableFiles.tempOf(node.settings.backupPath()), NodeLockFlags.CONTENT);
                        }, PowerCutBed::start),
                new Scenario("startup completing an interrupted unlock", LOCKED_PERSIST, UNLOCKED, true, false,
                        node -> {
                            node.durable(node.settings.backupPath(), NodeLockFlags.CONTENT);
                            node.durable(node.settings.journalPath(), UNLOCKED.name() + "\n");
                        }, PowerCutBed::start));
    }

    /** The mutating operations the scenario takes when nothing fails. */
    private long calibrate(Scenario scenario) throws Exception {
        PowerCutBed node = node();
        node.reset();
        scenario.setup().run(node);
        long c0 = node.fs.count();
        scenario.operation().run(node);
        if (scenario.settle()) {
            settle(node, scenario.after());
        }
        return node.fs.count() - c0;
    }

    private void explore(Scenario scenario, long k) throws Exception {
        PowerCutBed node = node();
        node.reset();
        scenario.setup().run(node);
        long c0 = node.fs.count();
        node.fs.arm(k);
        boolean acked;
        try {
            scenario.operation().run(node);
            acked = true;
        } catch (Exception e) {
            acked = false;
        }
        if (scenario.settle()) {
            settle(node, scenario.after());
        }
        String ops = String.join(" | ", node.fs.log((int) Math.min(64, node.fs.count() - c0)));
        node.powerLoss();
        check(node, scenario.name(), k, scenario.before(), scenario.after(), acked || scenario.strict(), ops);
    }

    /** A correction runs on the service's threads: until it is done, or the power failed under it. */
    private static void settle(PowerCutBed node, DesiredLock target) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        while (System.nanoTime() < deadline) {
            if (node.fs.frozen()) {
                return;
            }
            if (node.files() == target.expected() && !Files.exists(node.settings.journalPath())) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** A hand change to {@code file}: removed when present, created when absent. */
    private static void tamper(PowerCutBed node, Path file, DesiredLock acked, List<String> done) throws IOException {
        if (Files.exists(file)) {
            done.add("rm " + file.getFileName() + (file.equals(node.settings.volatilePath()) ? " (volatile)" : ""));
            Files.delete(file);
        } else {
            done.add("create " + file.getFileName()
                    + (file.equals(node.settings.volatilePath()) ? " (volatile)" : ""));
            Files.writeString(file, NodeLockFlags.CONTENT);
        }
        settle(node, acked);
    }

    /**
     * Restarts after the power loss and checks the rules; leaves the service running. Returns the state the
     * files are held in, or null when the start failed.
     *
     * @param exact whether {@code after} is the only acceptable outcome; else {@code before} is too
     */
    private DesiredLock check(PowerCutBed node, String scenario, long k, DesiredLock before, DesiredLock after,
            boolean exact, String ops) {
        explored++;
        String where = scenario + ", cut after op " + k + " [" + ops + "]";
        before = afterReboot(before);
        after = afterReboot(after);
        NodeLockFlagsComponent flags;
        try {
            flags = node.start();
        } catch (RuntimeException e) {
            violations.add(where + ": startup failed: " + e);
            return null;
        }
        FlagState state = flags.state();
        List<String> problems = new ArrayList<>();
        if (state != FlagState.BOTH_PRESENT && state != FlagState.BOTH_ABSENT) {
            problems.add("files disagree: " + state);
        } else if (exact && state != after.expected()) {
            problems.add(state + " where " + after + " was acknowledged");
        } else if (state != after.expected() && state != before.expected()) {
            problems.add(state + " is neither " + before + " nor " + after);
        }
        if (flags.desired().expected() != state) {
            problems.add("desired " + flags.desired() + " but files " + state);
        }
        problems.addAll(node.strays().stream().map(s -> "left behind: " + s).toList());
        problems.addAll(node.badContent());
        flags.lastError().ifPresent(e -> problems.add("last error: " + e));
        // What startup did must itself be durable: another cut right now changes nothing.
        node.powerLoss();
        try {
            FlagState again = node.start().state();
            if (again != state) {
                problems.add("startup's result not durable: " + state + " then " + again + " after another cut");
            }
        } catch (RuntimeException e) {
            problems.add("second startup failed: " + e);
        }
        if (!problems.isEmpty()) {
            violations.add(where + ": " + String.join("; ", problems));
        }
        return node.flags() == null ? null : node.flags().desired();
    }
}
