package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.PowerCutFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts at every file-system operation of an inventory change (add, lock, unlock, remove) on
 * {@link PowerCutFs}, then a restart that loads the inventory: it loads, holds every acknowledged admin state, and
 * a change that did not return is either wholly there or wholly absent. Then random cuts over many changes, for
 * {@code -Dpowercut.seconds} (default 5).
 */
class InventoryPowerCutTest {
    private static final long RANDOM_SECONDS = Long.getLong("powercut.seconds", 5);

    @TempDir
    Path dir;

    private final List<String> violations = new ArrayList<>();
    private int explored;
    private int beds;
    private DurableWriter writer = new AtomicFileWriter();

    @FunctionalInterface
    interface Step {
        void run(AgentHarness agent) throws Exception;
    }

    record Scenario(String name, Step setup, Step operation) {
    }

    @BeforeEach
    void fuse() {
        String reason = PowerCutFs.unavailableReason();
        assumeTrue(reason == null, "power-cut file system unavailable: " + reason);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyCutPointOfEveryInventoryChangeKeepsTheAcknowledgedState() throws Exception {
        long started = System.nanoTime();
        List<String> perScenario = new ArrayList<>();
        Step none = agent -> { };
        Step one = agent -> agent.core.addHost(WORKER);
        Step unlockedOne = agent -> {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
        };
        List<Scenario> scenarios = List.of(
                new Scenario("add the first host (creating var/lib/mtce)", none, agent -> agent.core.addHost(WORKER)),
                new Scenario("add a second host", one, agent -> agent.core.addHost(STORAGE)),
                new Scenario("unlock", one, agent -> agent.core.unlock(WORKER.name())),
                new Scenario("lock", unlockedOne, agent -> agent.core.lock(WORKER.name())),
                new Scenario("remove", unlockedOne, agent -> agent.core.removeHost(WORKER.name())));
        for (Scenario scenario : scenarios) {
            int before = explored;
            long ops = calibrate(scenario);
            for (long k = 1; k <= ops + 1; k++) {
                explore(scenario, k);
            }
            perScenario.add(scenario.name() + " " + ops + " ops/" + (explored - before) + " states");
        }
        System.out.printf("power-cut exploration (agent inventory): %d crash states explored, %d violations, %d ms"
                + " ; %s%n", explored, violations.size(), (System.nanoTime() - started) / 1_000_000,
                String.join(", ", perScenario));
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void randomCutsOverManyInventoryChanges() throws Exception {
        Random random = new Random(Long.getLong("powercut.seed", 0x5EEDL));
        List<HostSpec> specs = List.of(WORKER, STORAGE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RANDOM_SECONDS);
        long started = System.nanoTime();
        int changes = 0;
        try (PowerCutFs fs = PowerCutFs.mount(dir.resolve("random"))) {
            Map<String, AdminState> acked = new TreeMap<>();
            AgentHarness agent = new AgentHarness(AgentHarness.settings(home(fs)), writer);
            try {
                while (System.nanoTime() < deadline) {
                    int steps = 1 + random.nextInt(4);
                    long c0 = fs.count();
                    fs.arm(1 + random.nextInt(6 * steps));
                    Map<String, AdminState> inFlight = null;
                    List<String> done = new ArrayList<>();
                    for (int i = 0; i < steps && !fs.frozen(); i++) {
                        HostSpec spec = specs.get(random.nextInt(specs.size()));
                        Map<String, AdminState> next = new TreeMap<>(acked);
                        try {
                            if (!acked.containsKey(spec.name())) {
                                done.add("add " + spec.name());
                                next.put(spec.name(), AdminState.LOCKED);
                                agent.core.addHost(spec);
                            } else if (random.nextInt(4) == 0) {
                                done.add("remove " + spec.name());
                                next.remove(spec.name());
                                agent.core.removeHost(spec.name());
                            } else if (acked.get(spec.name()) == AdminState.LOCKED) {
                                done.add("unlock " + spec.name());
                                next.put(spec.name(), AdminState.UNLOCKED);
                                agent.core.unlock(spec.name());
                            } else {
                                done.add("lock " + spec.name());
                                next.put(spec.name(), AdminState.LOCKED);
                                agent.core.lock(spec.name());
                            }
                            for (FakeTransport.Sent sent : agent.drain()) {
                                agent.ack(sent); // nothing stays pending, so that the next change is allowed
                            }
                            agent.sync();
                            acked = next;
                            changes++;
                        } catch (Exception e) {
                            done.add("(failed: " + e.getMessage() + ")");
                            inFlight = next;
                            break;
                        }
                    }
                    String ops = String.join(" | ", fs.log((int) Math.min(64, fs.count() - c0)));
                    powerLoss(fs, agent);
                    Map<String, AdminState> now = check(fs, "random " + done, -1, acked, inFlight, ops);
                    acked = now == null ? acked : now;
                    agent = new AgentHarness(AgentHarness.settings(home(fs)), writer);
                }
            } finally {
                agent.close();
            }
        }
        System.out.printf("power-cut random run (agent inventory): %d crash states explored over %d changes,"
                + " %d violations, %d ms%n", explored, changes, violations.size(),
                (System.nanoTime() - started) / 1_000_000);
        assertTrue(explored > 0, "no crash state in " + RANDOM_SECONDS + " s");
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    /** The exploration can fail: a writer that renames without any fsync loses an acknowledged change. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writerWithoutFsyncIsCaught() throws Exception {
        writer = (target, content) -> {
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.createDirectories(target.getParent());
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        };
        Scenario add = new Scenario("add without fsync", agent -> { }, agent -> agent.core.addHost(WORKER));
        explore(add, calibrate(add) + 1);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("holds {} where {worker-1=LOCKED} was acknowledged"),
                violations.get(0));
    }

    private long calibrate(Scenario scenario) throws Exception {
        try (PowerCutFs fs = PowerCutFs.mount(dir.resolve("bed-" + beds++));
                AgentHarness agent = new AgentHarness(AgentHarness.settings(home(fs)), writer)) {
            scenario.setup().run(agent);
            long c0 = fs.count();
            scenario.operation().run(agent);
            return fs.count() - c0;
        }
    }

    private void explore(Scenario scenario, long k) throws Exception {
        try (PowerCutFs fs = PowerCutFs.mount(dir.resolve("bed-" + beds++))) {
            AgentHarness agent = new AgentHarness(AgentHarness.settings(home(fs)), writer);
            boolean running = true;
            try {
                scenario.setup().run(agent);
                Map<String, AdminState> before = states(agent);
                long c0 = fs.count();
                fs.arm(k);
                Map<String, AdminState> after = null;
                try {
                    scenario.operation().run(agent);
                    after = states(agent);
                } catch (Exception e) {
                    // Not acknowledged: either outcome is allowed, see check.
                }
                String ops = String.join(" | ", fs.log((int) Math.min(64, fs.count() - c0)));
                powerLoss(fs, agent);
                running = false;
                if (after == null) {
                    check(fs, scenario.name(), k, before, expectedAfter(scenario, before), ops);
                } else {
                    check(fs, scenario.name(), k, after, null, ops);
                }
            } finally {
                if (running) {
                    agent.close();
                }
            }
        }
    }

    /** What a scenario's change leads to, from {@code before}: run once on a plain temp directory. */
    private Map<String, AdminState> expectedAfter(Scenario scenario, Map<String, AdminState> before)
            throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain-" + beds++));
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(plain))) {
            scenario.setup().run(agent);
            assertEquals(before, states(agent));
            scenario.operation().run(agent);
            return states(agent);
        }
    }

    /** The power fails (now, unless the armed cut fired): the agent is gone, the disk back with what was durable. */
    private static void powerLoss(PowerCutFs fs, AgentHarness agent) {
        if (!fs.frozen()) {
            fs.cut();
        }
        agent.close();
        fs.reboot();
    }

    /**
     * Loads the inventory after the reboot and checks it holds {@code acked}, or {@code inFlight} when a change was
     * cut short. Returns what it holds (null when it does not load).
     */
    private Map<String, AdminState> check(PowerCutFs fs, String scenario, long k,
            Map<String, AdminState> acked, Map<String, AdminState> inFlight, String ops) {
        explored++;
        String where = scenario + ", cut after op " + k + " [" + ops + "]";
        List<String> problems = new ArrayList<>();
        Map<String, AdminState> now = null;
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(home(fs)), writer)) {
            now = states(agent);
            if (!now.equals(acked) && !now.equals(inFlight)) {
                problems.add("holds " + now + " where " + acked + " was acknowledged"
                        + (inFlight == null ? "" : " (or " + inFlight + " in flight)"));
            }
        } catch (RuntimeException e) {
            problems.add("the inventory does not load: " + e.getMessage());
        }
        try (Stream<Path> files = Files.exists(home(fs)) ? Files.list(home(fs)) : Stream.empty()) {
            files.filter(p -> !p.getFileName().toString().equals("inventory.json"))
                    .forEach(p -> problems.add("left behind: " + p));
        } catch (IOException e) {
            problems.add("cannot list " + home(fs) + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            violations.add(where + ": " + String.join("; ", problems));
        }
        return now;
    }

    /** The inventory's directory: missing on a new disk, so the first write creates its levels. */
    private static Path home(PowerCutFs fs) {
        return fs.root().resolve("var/lib/mtce");
    }

    private static Map<String, AdminState> states(AgentHarness agent) {
        Map<String, AdminState> out = new TreeMap<>();
        for (HostStatus status : agent.core.hosts()) {
            out.put(status.spec().name(), status.adminState());
        }
        return out;
    }
}
