package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
    @TempDir
    Path dir;

    private AgentException rejected(AgentHarness agent, HostSpec spec) {
        return assertThrows(AgentException.class, () -> agent.core.addHost(spec));
    }

    @Test
    void missingFileMeansNoHosts() {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            assertTrue(agent.core.hosts().isEmpty());
            assertFalse(Files.exists(dir.resolve("inventory.json")), "nothing is written until something changes");
        }
    }

    private static AgentSettings withSeed(AgentSettings s, Path seed) {
        return new AgentSettings(s.inventoryPath(), s.simplex(), s.mgmtAddress(), s.clusterAddress(),
                s.pxebootAddress(), s.retryInitialMs(), s.retryMaxMs(), s.onlineAuditMs(), s.pxebootMonitorMs(),
                s.pxebootMissThreshold(), s.pxebootLossThreshold(), seed, s.retryGiveUpMs());
    }

    @Test
    void seedBecomesTheInventoryWhenThereIsNoneYet() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        try (AgentHarness first = new AgentHarness(AgentHarness.settings(seedDir))) {
            first.core.addHost(WORKER);
        }
        Path seed = Files.move(seedDir.resolve("inventory.json"), dir.resolve("hosts.json"));
        try (AgentHarness agent = new AgentHarness(withSeed(AgentHarness.settings(dir), seed))) {
            assertEquals(1, agent.core.hosts().size());
            assertEquals(AdminState.LOCKED, agent.core.host("worker-1").orElseThrow().adminState());
            assertTrue(Files.exists(dir.resolve("inventory.json")), "the seeded inventory is saved at once");
            agent.core.unlock("worker-1");
        }
        try (AgentHarness again = new AgentHarness(withSeed(AgentHarness.settings(dir), seed))) {
            assertEquals(AdminState.UNLOCKED, again.core.host("worker-1").orElseThrow().adminState(),
                    "an existing inventory wins over the seed");
        }
    }

    @Test
    void missingSeedIsAnErrorNamingTheKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AgentHarness(withSeed(AgentHarness.settings(dir), dir.resolve("nope.json"))));
        assertTrue(e.getMessage().contains("inventory.seed"), e.getMessage());
    }

    @Test
    void addedHostIsLockedAndSavedBeforeTheCallReturns() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            HostStatus status = agent.core.addHost(WORKER);

            assertEquals(AdminState.LOCKED, status.adminState());
            assertEquals(PendingAction.NONE, status.pending());
            assertEquals(null, status.reportedLocked());
            assertEquals(3, status.networks().size());
            String json = Files.readString(dir.resolve("inventory.json"));
            assertTrue(json.contains("\"worker-1\"") && json.contains("\"locked\""), json);
            assertTrue(agent.drain().isEmpty(), "adding a host sends nothing; its first mtcAlive is corrected");
        }
    }

    @Test
    void duplicateHostIsRejected() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            assertEquals(AgentException.Reason.DUPLICATE_HOST, rejected(agent, WORKER).reason());
        }
    }

    @Test
    void invalidHostsAreRejected() {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            AgentException blank = rejected(agent, new HostSpec(" ", "02:00:00:00:00:09", "worker",
                    Map.of()));
            assertEquals(AgentException.Reason.INVALID, blank.reason());

            AgentException mac = rejected(agent, new HostSpec("w", "02-00-00-00-00-09", "worker", Map.of()));
            assertEquals(AgentException.Reason.INVALID, mac.reason());
            assertTrue(mac.getMessage().contains("xx:xx:xx:xx:xx:xx"), mac.getMessage());

            AgentException ip = rejected(agent, new HostSpec("w", "02:00:00:00:00:09", "worker",
                    Map.of(Network.MANAGEMENT, "controller-0")));
            assertEquals(AgentException.Reason.INVALID, ip.reason());
            assertTrue(ip.getMessage().contains("'controller-0'"), ip.getMessage());
            assertTrue(agent.core.hosts().isEmpty());
        }
    }

    @Test
    void aNewHostNeedsADnsHostName() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            for (String name : new String[] {"a/b", "../../etc", "-worker", "worker-", "a..b", "x.", "a_b",
                    "%2e%2e", "a".repeat(64)}) {
                AgentException e = rejected(agent, new HostSpec(name, "02:00:00:00:00:09", "worker", Map.of()));
                assertEquals(AgentException.Reason.INVALID, e.reason(), name);
                assertTrue(e.getMessage().contains("'" + name + "' must be a DNS host name"), e.getMessage());
            }
            assertTrue(agent.core.hosts().isEmpty());

            agent.core.addHost(new HostSpec("compute-12.site-a", "02:00:00:00:00:09", "worker", Map.of()));
            assertEquals(1, agent.core.hosts().size());
        }
    }

    @Test
    void addressOfAnotherHostIsRejected() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            AgentException e = rejected(agent, new HostSpec("worker-2", "02:00:00:00:00:03", "worker",
                    Map.of(Network.MANAGEMENT, WORKER.address(Network.MANAGEMENT))));
            assertEquals(AgentException.Reason.INVALID, e.reason());
            assertTrue(e.getMessage().contains("already belongs to worker-1"), e.getMessage());
        }
    }

    @Test
    void anAddressIsFreeAgainOnceItsHostIsRemovedAndAnAckFindsTheNewOwner() throws Exception {
        HostSpec successor = new HostSpec("worker-2", "02:00:00:00:00:03", "worker",
                Map.of(Network.MANAGEMENT, WORKER.address(Network.MANAGEMENT)));
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.removeHost(WORKER.name());
            agent.core.addHost(successor);

            agent.unlockAndAck(successor); // the ack comes from the address worker-1 had: it is worker-2's now
        }
    }

    @Test
    void anAddressOfAnAddNotSavedStaysFree() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicFileWriter real = new AtomicFileWriter();
        DurableWriter writer = (path, bytes) -> {
            if (failing.get()) {
                throw new IOException("No space left on device");
            }
            real.write(path, bytes);
        };
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir), writer)) {
            assertThrows(AgentException.class, () -> agent.core.addHost(WORKER));
            failing.set(false);
            HostSpec other = new HostSpec("worker-2", "02:00:00:00:00:03", "worker",
                    Map.of(Network.MANAGEMENT, WORKER.address(Network.MANAGEMENT)));

            agent.core.addHost(other);
            agent.unlockAndAck(other);
        }
    }

    @Test
    void inventoryGivingTwoHostsOneAddressFailsActivation() throws IOException {
        Path file = dir.resolve("inventory.json");
        Files.writeString(file, "{\"version\":1,\"hosts\":["
                + "{\"name\":\"worker-1\",\"mgmt_mac\":\"02:00:00:00:00:01\",\"personality\":\"worker\","
                + "\"admin_state\":\"locked\",\"addresses\":{\"management\":\"192.168.204.11\"}},"
                + "{\"name\":\"worker-2\",\"mgmt_mac\":\"02:00:00:00:00:02\",\"personality\":\"worker\","
                + "\"admin_state\":\"locked\",\"addresses\":{\"management\":\"192.168.204.11\"}}]}");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AgentHarness(AgentHarness.settings(dir)));
        assertTrue(e.getMessage().contains("192.168.204.11 of worker-2 already belongs to worker-1"),
                e.getMessage());
    }

    @Test
    void anAckFromALoadedHostsAddressIsMatched() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.addHost(STORAGE);
        }
        try (AgentHarness restarted = new AgentHarness(AgentHarness.settings(dir))) {
            restarted.unlockAndAck(STORAGE);
            restarted.unlockAndAck(WORKER);
        }
    }

    @Test
    void removeHost() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.addHost(STORAGE);
            agent.core.removeHost(WORKER.name());

            assertEquals(List.of("storage-0"), agent.core.hosts().stream().map(HostStatus::name).toList());
            assertFalse(Files.readString(dir.resolve("inventory.json")).contains("worker-1"));
            assertEquals(AgentException.Reason.UNKNOWN_HOST,
                    assertThrows(AgentException.class, () -> agent.core.removeHost("worker-1")).reason());
        }
    }

    @Test
    void inventoryAndAdminStateSurviveARestart() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.addHost(STORAGE);
            agent.core.unlock(WORKER.name());
        }
        try (AgentHarness restarted = new AgentHarness(AgentHarness.settings(dir))) {
            List<HostStatus> hosts = restarted.core.hosts();
            assertEquals(2, hosts.size());
            HostStatus worker = restarted.core.host("worker-1").orElseThrow();
            assertEquals(WORKER, worker.spec());
            assertEquals(AdminState.UNLOCKED, worker.adminState());
            assertEquals(PendingAction.NONE, worker.pending(), "pending work is not persisted");
            assertEquals(STORAGE, restarted.core.host("storage-0").orElseThrow().spec());
            assertEquals(AdminState.LOCKED, restarted.core.host("storage-0").orElseThrow().adminState());
        }
    }

    @Test
    void corruptInventoryFailsActivationNamingFileAndProblem() throws IOException {
        Path file = dir.resolve("inventory.json");
        Files.writeString(file, "{\"version\":1,\"hosts\":[{\"name\":\"worker-1\",");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AgentHarness(AgentHarness.settings(dir)));
        assertTrue(e.getMessage().startsWith("inventory file " + file + " is not valid JSON at line 1"),
                e.getMessage());
    }

    @Test
    void inventoryWithAnInvalidHostFailsActivation() throws IOException {
        Path file = dir.resolve("inventory.json");
        Files.writeString(file, "{\"version\":1,\"hosts\":[{\"name\":\"worker-1\",\"mgmt_mac\":\"nonsense\","
                + "\"admin_state\":\"locked\",\"addresses\":{}}]}");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AgentHarness(AgentHarness.settings(dir)));
        assertTrue(e.getMessage().startsWith("inventory file " + file + " is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains("'nonsense'"), e.getMessage());
    }

    @Test
    void emptyInventoryFileIsCorruptNotEmpty() throws IOException {
        Files.write(dir.resolve("inventory.json"), new byte[0]);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AgentHarness(AgentHarness.settings(dir)));
        assertTrue(e.getMessage().contains("inventory.json"), e.getMessage());
    }

    @Test
    void failedSaveLeavesTheStateUnchanged() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        AtomicFileWriter real = new AtomicFileWriter();
        DurableWriter writer = (path, bytes) -> {
            if (failing.get()) {
                throw new IOException("No space left on device");
            }
            real.write(path, bytes);
        };
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir), writer)) {
            agent.core.addHost(WORKER);
            failing.set(true);

            AgentException unlock = assertThrows(AgentException.class, () -> agent.core.unlock(WORKER.name()));
            assertEquals(AgentException.Reason.STORAGE, unlock.reason());
            assertTrue(unlock.getMessage().contains("No space left on device"), unlock.getMessage());
            HostStatus worker = agent.core.host(WORKER.name()).orElseThrow();
            assertEquals(AdminState.LOCKED, worker.adminState());
            assertEquals(PendingAction.NONE, worker.pending());
            assertTrue(agent.drain().isEmpty(), "nothing is sent for a change that is not durable");

            assertEquals(AgentException.Reason.STORAGE,
                    assertThrows(AgentException.class, () -> agent.core.addHost(STORAGE)).reason());
            assertTrue(agent.core.host(STORAGE.name()).isEmpty());
        }
    }

    @Test
    void jsonRoundTrip() throws Exception {
        List<InventoryJson.Entry> entries = List.of(new InventoryJson.Entry(WORKER, AdminState.UNLOCKED),
                new InventoryJson.Entry(STORAGE, AdminState.LOCKED));
        byte[] json = InventoryJson.write(entries);

        assertEquals(entries, InventoryJson.read("test", json));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"cluster-host\" : \"192.168.206.11\""), text);
    }

    @Test
    void atomicWriterReplacesTheFileAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("sub/inventory.json");
        AtomicFileWriter writer = new AtomicFileWriter();
        writer.write(target, "one".getBytes(StandardCharsets.UTF_8));
        writer.write(target, "two".getBytes(StandardCharsets.UTF_8));

        assertEquals("two", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
