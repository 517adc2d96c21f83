package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Command;
import io.mtce.testing.RecordingLogger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory in a real etcd, shared by two agents (two controllers). */
class EtcdInventoryStoreTest {
    private static final String PREFIX = "/mtce/";
    @TempDir
    Path dir;
    private EtcdServer etcd;

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdServer.start(dir);
    }

    @AfterEach
    void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    private AgentHarness agent(String name) {
        return new AgentHarness(AgentHarness.settings(dir.resolve(name)),
                log -> new EtcdInventoryStore(etcd.client(), PREFIX, null, log));
    }

    /** Runs the agent's loop until {@code condition} holds (the watch delivers on its own thread). */
    private static void await(AgentHarness agent, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            agent.sync();
            if (condition.getAsBoolean()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void hostsAndAdminStatesAreKeysWrittenBeforeTheCallReturns() throws Exception {
        try (AgentHarness agent = agent("c0")) {
            agent.core.addHost(WORKER);
            agent.core.unlock(WORKER.name());
            EtcdClient.Range range = etcd.client().range(PREFIX + "hosts/", true);
            assertEquals(1, range.kvs().size());
            assertEquals(PREFIX + "hosts/worker-1", range.kvs().get(0).key());
            List<InventoryJson.Entry> entries = InventoryJson.read("key", range.kvs().get(0).value());
            assertEquals(AdminState.UNLOCKED, entries.get(0).adminState());
        }
        try (AgentHarness again = agent("c0")) {
            assertEquals(AdminState.UNLOCKED, again.core.host(WORKER.name()).orElseThrow().adminState(),
                    "a restarted agent reads etcd");
        }
    }

    @Test
    void changesOnTheOtherControllerArriveThroughTheWatch() throws Exception {
        try (AgentHarness c0 = agent("c0"); AgentHarness c1 = agent("c1")) {
            c0.core.addHost(WORKER);
            await(c1, "worker-1 added on c1", () -> c1.core.host(WORKER.name()).isPresent());
            c1.core.unlock(WORKER.name());
            await(c0, "worker-1 unlocked on c0",
                    () -> c0.core.host(WORKER.name()).orElseThrow().adminState() == AdminState.UNLOCKED);
            assertEquals(PendingAction.UNLOCK, c0.core.host(WORKER.name()).orElseThrow().pending(),
                    "c0 drives the host to the state set on c1");
            assertTrue(c0.drain().stream().anyMatch(s -> {
                try {
                    return c0.decode(s).cmd() == Command.UNLOCKED;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }), "c0 sent UNLOCKED");
            c1.core.removeHost(WORKER.name());
            await(c0, "worker-1 removed on c0", () -> c0.core.host(WORKER.name()).isEmpty());
        }
    }

    @Test
    void theWatchResumesFromItsRevisionAfterEtcdRestarts() throws Exception {
        try (AgentHarness c0 = agent("c0"); AgentHarness c1 = agent("c1")) {
            c0.core.addHost(WORKER);
            await(c1, "worker-1 on c1", () -> c1.core.host(WORKER.name()).isPresent());
            etcd.restart(); // c1's watch connection breaks
            c0.core.unlock(WORKER.name()); // c0's client moves on to the restarted member
            c0.core.addHost(STORAGE);
            await(c1, "c1 sees both changes made after the restart", () -> c1.core.host(STORAGE.name()).isPresent()
                    && c1.core.host(WORKER.name()).orElseThrow().adminState() == AdminState.UNLOCKED);
            assertTrue(c1.log.lines().stream().anyMatch(l -> l.contains("resuming from revision")),
                    "c1's watch broke and resumed: " + c1.log.lines());
        }
    }

    @Test
    void aChangeOverAnUnseenOneIsRefusedNotLost() throws Exception {
        RecordingLogger log = new RecordingLogger();
        try (EtcdInventoryStore store = new EtcdInventoryStore(etcd.client(), PREFIX, null, log)) {
            assertTrue(store.load().isEmpty());
            InventoryJson.Entry locked = new InventoryJson.Entry(STORAGE, AdminState.LOCKED);
            InventoryJson.Entry unlocked = new InventoryJson.Entry(STORAGE, AdminState.UNLOCKED);
            store.put(locked, List.of(locked));
            // The other controller unlocks the host; this store has not seen it (no watch here).
            EtcdClient other = etcd.client();
            EtcdClient.KeyValue kv = other.range(PREFIX + "hosts/storage-0", false).kvs().get(0);
            assertTrue(other.putIfModRevision(kv.key(), InventoryJson.write(List.of(unlocked)), kv.modRevision(),
                    0) > 0);

            AgentException e = assertThrows(AgentException.class, () -> store.put(locked, List.of(locked)),
                    "a write over a change not seen yet is refused");
            assertEquals(AgentException.Reason.IN_PROGRESS, e.reason());
            assertTrue(e.getMessage().contains("changed on the other controller"), e.getMessage());

            List<InventoryStore.Change> changes = store.resync();
            assertEquals(1, changes.size());
            assertTrue(store.isNew(changes.get(0)), "the other controller's change is news here");
            assertEquals(AdminState.UNLOCKED, changes.get(0).entry().adminState());
            assertFalse(store.isNew(changes.get(0)), "and only once");
            store.put(locked, List.of(locked));
            assertEquals(AdminState.LOCKED, InventoryJson.read("k", other.range(kv.key(), false).kvs().get(0)
                    .value()).get(0).adminState());
        }
    }

    @Test
    void withoutEtcdAnAdminChangeIsRefusedAndNothingChanges() throws Exception {
        try (AgentHarness agent = agent("c0")) {
            agent.core.addHost(WORKER);
            etcd.close();
            etcd = null;
            AgentException e = assertThrows(AgentException.class, () -> agent.core.unlock(WORKER.name()));
            assertEquals(AgentException.Reason.STORAGE, e.reason());
            assertTrue(e.getMessage().contains("not confirmed by etcd"), e.getMessage());
            assertEquals(AdminState.LOCKED, agent.core.host(WORKER.name()).orElseThrow().adminState());
            assertFalse(agent.drain().stream().anyMatch(s -> {
                try {
                    return agent.decode(s).cmd() == Command.UNLOCKED;
                } catch (Exception x) {
                    throw new AssertionError(x);
                }
            }), "no UNLOCKED sent for a refused unlock");
        }
    }

    @Test
    void unreadableEtcdAtStartNamesTheEndpoints() {
        EtcdClient nowhere = new EtcdClient(List.of(URI.create("http://127.0.0.1:9/")), Duration.ofMillis(300));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AgentHarness(
                AgentHarness.settings(dir), log -> new EtcdInventoryStore(nowhere, PREFIX, null, log)));
        assertTrue(e.getMessage().contains("http://127.0.0.1:9/"), e.getMessage());
    }

    @Test
    void prefixEndCoversExactlyThePrefix() {
        assertEquals("/mtce0", new String(EtcdClient.prefixEnd("/mtce/"), StandardCharsets.UTF_8));
    }
}
