package io.mtce.itests.bed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * A mixed cluster the other way round: the Java agent on controller-0 (listening on the floating management address)
 * over C reference peers playing the C++ mtcClient on worker-1, worker-2 and worker-3 (an old client without
 * UNLOCKED). The C clients ack management commands to the floating address and cluster-host ones to both
 * controllers, learn their pxeboot targets only from pxebootInfo, announce pxeboot mtcAlive in their ready event, and
 * never correct their files themselves.
 */
public class JavaAgentOverCClientsIT {
    private static final long CONVERGE_MS = 20_000;
    private static final int PXEBOOT_MONITOR_MS = 1_500;

    private static NetnsBed bed;
    private static BedHost agent;
    private static final List<CClient> clients = new ArrayList<>();

    /** One C client host: its peer process and its flag files. */
    private record CClient(int index, Path dir, CPeer[] peer, boolean legacy) {
        String name() {
            return "worker-" + index;
        }

        String mac() {
            return String.format("02:00:00:00:00:%02x", index);
        }

        Path volatileFile() {
            return dir.resolve("var/run/.node_locked");
        }

        Path backupFile() {
            return dir.resolve("var/persist/mtc/.node_locked");
        }

        boolean bothPresent() {
            return Files.exists(volatileFile()) && Files.exists(backupFile());
        }

        boolean bothAbsent() {
            return !Files.exists(volatileFile()) && !Files.exists(backupFile());
        }

        CPeer process() {
            return peer[0];
        }

        void start() throws IOException {
            peer[0] = CPeer.start(bed.exec(index), CPeer.CLIENT, CPeer.options()
                    .with("hostname", name())
                    .with("mac", mac())
                    .with("mgmt-ip", NetnsBed.address(index, Network.MANAGEMENT))
                    .with("cluster-ip", NetnsBed.address(index, Network.CLUSTER_HOST))
                    .with("pxeboot-ip", NetnsBed.address(index, Network.PXEBOOT))
                    .with("controller-floating", NetnsBed.floatingMgmt())
                    .with("controller0-cluster", NetnsBed.controllerUnit(0, Network.CLUSTER_HOST))
                    .with("controller1-cluster", NetnsBed.controllerUnit(1, Network.CLUSTER_HOST))
                    .with("volatile", volatileFile())
                    .with("backup", backupFile())
                    .with("period-ms", BedHost.MTCALIVE_PERIOD_MS)
                    .flag("legacy", legacy)
                    .list(), dir.resolve("mtcpeer.log"));
        }
    }

    @BeforeClass
    public static void startBed() throws Exception {
        String reason = NetnsBed.unavailableReason();
        Assume.assumeTrue("skipping the mixed-cluster bed: " + reason, reason == null);
        String gcc = CPeer.unavailableReason();
        Assume.assumeTrue("skipping the mixed-cluster bed: " + gcc, gcc == null);
        bed = NetnsBed.create(4);
        agent = BedHost.agent(bed, RuntimeHome.copyOfBuiltHome(JavaAgentOverCClientsIT.class),
                "pxeboot.monitor.ms=\"" + PXEBOOT_MONITOR_MS + "\"",
                "pxeboot.miss.threshold=\"2\"",
                "pxeboot.loss.threshold=\"1\"");
        agent.start();
        for (int i = 1; i <= 3; i++) {
            Path dir = MtceTestSupport.workDir(JavaAgentOverCClientsIT.class);
            CClient c = new CClient(i, dir, new CPeer[1], i == 3);
            c.start();
            clients.add(c);
        }
        assertTrue("agent shell up", MtceTestSupport.await(
                () -> agent.runtime().ask("mtce:hosts", 5_000).stream().anyMatch(l -> l.contains("HOST\tADMIN")),
                30_000));
        for (CClient c : clients) {
            agent.runtime().command("mtce:add " + c.name() + " " + c.mac() + " worker "
                    + NetnsBed.address(c.index(), Network.MANAGEMENT) + " "
                    + NetnsBed.address(c.index(), Network.CLUSTER_HOST) + " "
                    + NetnsBed.address(c.index(), Network.PXEBOOT));
        }
        for (CClient c : clients) {
            assertTrue(c.name() + " came up locked with both files under the Java agent",
                    MtceTestSupport.await(c::bothPresent, 30_000));
        }
    }

    @AfterClass
    public static void stopBed() {
        clients.forEach(c -> {
            if (c.process() != null) {
                c.process().close();
            }
        });
        clients.clear();
        if (agent != null) {
            agent.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Rule
    public final TestWatcher dumpOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            agent.runtime().dumpThreads();
        }
    };

    @After
    public void restoreLinks() {
        bed.allLinksUp();
    }

    @Test
    public void lockAndUnlockWithAllNetworksUpAckedToTheFloatingAddress() throws Exception {
        CClient c = clients.get(0);
        long acks = agent.runtime().count(c.name() + " unlocked msg ACK");
        unlock(c);
        assertTrue("unlock removes both files", MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        assertTrue("the C client's ack (to the floating address) completes the unlock", MtceTestSupport.await(
                () -> agent.runtime().count(c.name() + " unlocked msg ACK") > acks, CONVERGE_MS));
        lock(c);
        assertTrue("lock creates both files", MtceTestSupport.await(c::bothPresent, CONVERGE_MS));
        awaitNothingPending(c);
    }

    @Test
    public void managementDownClusterCarriesTheCommands() throws Exception {
        CClient c = clients.get(0);
        bed.linkDown(c.index(), Network.MANAGEMENT);
        unlock(c);
        assertTrue(MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        awaitNothingPending(c); // the cluster-host ack went to both controllers; the agent holds controller-0's
        lock(c);
        assertTrue(MtceTestSupport.await(c::bothPresent, CONVERGE_MS));
    }

    @Test
    public void clusterDownManagementCarriesTheCommands() throws Exception {
        CClient c = clients.get(0);
        bed.linkDown(c.index(), Network.CLUSTER_HOST);
        unlock(c);
        assertTrue(MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        lock(c);
        assertTrue(MtceTestSupport.await(c::bothPresent, CONVERGE_MS));
    }

    @Test
    public void managementAndClusterDownPxebootCarriesTheLockButNeverTheUnlock() throws Exception {
        CClient c = clients.get(1);
        unlock(c);
        assertTrue(MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        bed.linkDown(c.index(), Network.MANAGEMENT);
        bed.linkDown(c.index(), Network.CLUSTER_HOST);
        lock(c);
        assertTrue("the lock reached the C client over pxeboot", MtceTestSupport.await(c::bothPresent,
                CONVERGE_MS));
        awaitNothingPending(c); // its pxeboot ack went back to the agent's pxeboot address

        unlock(c);
        long quiet = System.nanoTime() + 3_000_000_000L;
        MtceTestSupport.await(() -> System.nanoTime() > quiet, 10_000);
        assertTrue("UNLOCKED never travels on pxeboot: the host stays locked", c.bothPresent());
        assertEquals("and the unlock stays pending", "unlock", pending(c));
        bed.allLinksUp();
        assertTrue("unlocked once management returns", MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        lock(c);
        assertTrue(MtceTestSupport.await(c::bothPresent, CONVERGE_MS));
    }

    @Test
    public void pxebootAlarmOnlyWhenTheCClientsPxebootPathReallyFails() throws Exception {
        CClient c = clients.get(1);
        unlock(c); // the alarm is never raised while locked
        assertTrue(MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        assertTrue("the C client's ready event offered pxeboot mtcAlive", MtceTestSupport.await(
                () -> agent.runtime().count(c.name() + " mtcClient ready ; with pxeboot mtcAlive support") > 0,
                CONVERGE_MS));
        long checks = System.nanoTime() + 6L * PXEBOOT_MONITOR_MS * 1_000_000;
        MtceTestSupport.await(() -> System.nanoTime() > checks, 20_000);
        assertFalse("no 200.003 for a healthy C client", alarm(c));

        bed.linkDown(c.index(), Network.PXEBOOT);
        assertTrue("200.003 when its pxeboot path fails", MtceTestSupport.await(() -> alarm(c), 30_000));
        bed.linkUp(c.index(), Network.PXEBOOT);
        assertTrue("cleared when it returns", MtceTestSupport.await(() -> !alarm(c), 30_000));
        lock(c);
        assertTrue(MtceTestSupport.await(c::bothPresent, CONVERGE_MS));
    }

    @Test
    public void oldCClientLogsUnknownUnlockedAcksAndKeepsItsFiles() throws Exception {
        CClient old = clients.get(2);
        assertTrue(MtceTestSupport.await(old::bothPresent, CONVERGE_MS));
        long acks = agent.runtime().count(old.name() + " unlocked msg ACK");
        unlock(old);
        assertTrue("the old client logs the unknown command", MtceTestSupport.await(
                () -> old.process().count("Unsupported maintenance command (24)") > 0, CONVERGE_MS));
        assertTrue("and acks it (the agent takes the ack as the unlock's)", MtceTestSupport.await(
                () -> agent.runtime().count(old.name() + " unlocked msg ACK") > acks, CONVERGE_MS));
        assertTrue("its files are untouched", old.bothPresent());
        lock(old);
    }

    @Test
    public void cClientRestartedWhileBeingLockedComesUpWithBothFiles() throws Exception {
        CClient c = clients.get(0);
        unlock(c);
        assertTrue(MtceTestSupport.await(c::bothAbsent, CONVERGE_MS));
        awaitNothingPending(c);
        c.process().kill();
        lock(c);
        c.start();
        assertTrue("the restarted C client has both files", MtceTestSupport.await(c::bothPresent, CONVERGE_MS));
    }

    private static boolean alarm(CClient c) {
        for (String line : agent.runtime().ask("mtce:host " + c.name(), 5_000)) {
            if (line.contains("200.003")) {
                return line.contains("raised") || line.contains("true") || line.contains("yes");
            }
        }
        return false;
    }

    private static void lock(CClient c) throws Exception {
        agent.lock(c.name(), CONVERGE_MS);
    }

    private static void unlock(CClient c) throws Exception {
        agent.unlock(c.name(), CONVERGE_MS);
    }

    private static void awaitNothingPending(CClient c) throws InterruptedException {
        agent.awaitNothingPending(c.name(), CONVERGE_MS);
    }

    private static String pending(CClient c) {
        return agent.pending(c.name());
    }
}
