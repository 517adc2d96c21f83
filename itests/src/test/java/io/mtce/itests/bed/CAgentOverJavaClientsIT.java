package io.mtce.itests.bed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import io.mtce.protocol.Network;
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
 * A mixed cluster: the C reference peer plays the C++ mtcAgent on controller-0 (docs/interop.md), Java clients run
 * on controller-0 itself, worker-1 and worker-2 (an old client without UNLOCKED), each in its own network namespace
 * on management, cluster-host and pxeboot. The C agent sends from its unit address, listens on the floating one,
 * sends UNLOCKED on management only, refreshes LOCKED instead of retrying, and monitors pxeboot only for clients that
 * announced it.
 */
public class CAgentOverJavaClientsIT {
    private static final long CONVERGE_MS = 20_000;
    /** Short enough that the scenarios converge quickly, long enough to be a real refresh. */
    private static final int AUDIT_MS = 2_000;

    private static NetnsBed bed;
    private static CPeer agent;
    private static BedHost controller;
    private static final List<BedHost> workers = new ArrayList<>();

    @BeforeClass
    public static void startBed() throws Exception {
        String reason = NetnsBed.unavailableReason();
        Assume.assumeTrue("skipping the mixed-cluster bed: " + reason, reason == null);
        String gcc = CPeer.unavailableReason();
        Assume.assumeTrue("skipping the mixed-cluster bed: " + gcc, gcc == null);
        bed = NetnsBed.create(3);
        controller = BedHost.client(bed, 0, RuntimeHome.copyOfBuiltHome(CAgentOverJavaClientsIT.class), false);
        controller.start();
        for (int i = 1; i <= 2; i++) {
            BedHost w = BedHost.client(bed, i, RuntimeHome.copyOfBuiltHome(CAgentOverJavaClientsIT.class), i == 2);
            w.start();
            workers.add(w);
        }
        agent = CPeer.start(bed.exec(0), CPeer.AGENT, CPeer.options()
                .with("hostname", "controller-0")
                .with("floating", NetnsBed.floatingMgmt())
                .with("mgmt-ip", NetnsBed.controllerUnit(0, Network.MANAGEMENT))
                .with("cluster-ip", NetnsBed.controllerUnit(0, Network.CLUSTER_HOST))
                .with("pxeboot-ip", NetnsBed.controllerUnit(0, Network.PXEBOOT))
                .with("controller0-pxeboot", NetnsBed.controllerUnit(0, Network.PXEBOOT))
                .with("controller1-pxeboot", NetnsBed.controllerUnit(1, Network.PXEBOOT))
                .with("audit-ms", AUDIT_MS)
                .with("pxeboot-monitor-ms", 3_000)
                .with("self-backup", controller.backupFile())
                .list());
        for (BedHost host : all()) {
            agent.command("add " + host.name() + " " + host.mac() + " " + NetnsBed.address(host.index(),
                    Network.MANAGEMENT) + " " + NetnsBed.address(host.index(), Network.CLUSTER_HOST) + " "
                    + NetnsBed.address(host.index(), Network.PXEBOOT));
        }
        // A newly added host is locked: the C agent corrects every client that reports unlocked.
        for (BedHost host : all()) {
            assertTrue(host.name() + " came up locked with both files under the C agent",
                    MtceTestSupport.await(host::bothPresent, 30_000));
        }
    }

    @AfterClass
    public static void stopBed() {
        if (agent != null) {
            agent.close();
        }
        workers.forEach(BedHost::close);
        workers.clear();
        if (controller != null) {
            controller.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Rule
    public final TestWatcher dumpOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            all().forEach(h -> h.runtime().dumpThreads());
        }
    };

    @After
    public void restoreLinks() {
        bed.allLinksUp();
    }

    @Test
    public void lockAndUnlockWithAllNetworksUpAckedToTheFloatingAddress() throws Exception {
        BedHost w = workers.get(0);
        String ack = w.name() + " unlocked msg request ACK (Mgmnt)";
        long acks = agent.count(ack);
        agent.command("unlock " + w.name()); // from the C agent's unit address, on management only
        assertTrue("unlock removes both files", MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        assertTrue("the ack reached the C agent on the floating address", MtceTestSupport.await(
                () -> agent.count(ack) > acks, CONVERGE_MS));
        agent.command("lock " + w.name());
        assertTrue("lock creates both files", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void managementDownClusterCarriesTheCommands() throws Exception {
        BedHost w = workers.get(0);
        bed.linkDown(w.index(), Network.MANAGEMENT);
        // The C agent's UNLOCKED goes on management only; the mtcAlive correction (locked while unlocked) then
        // sends it on cluster-host too.
        agent.command("unlock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        agent.command("lock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void clusterDownManagementCarriesTheCommands() throws Exception {
        BedHost w = workers.get(0);
        bed.linkDown(w.index(), Network.CLUSTER_HOST);
        agent.command("unlock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        agent.command("lock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void managementAndClusterDownPxebootCarriesTheLockButNeverTheUnlock() throws Exception {
        BedHost w = workers.get(0);
        agent.command("unlock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        assertTrue("the Java client announced pxeboot mtcAlive to the C agent",
                MtceTestSupport.await(() -> hostLine(w).contains("pxeboot=supported"), CONVERGE_MS));
        bed.linkDown(w.index(), Network.MANAGEMENT);
        bed.linkDown(w.index(), Network.CLUSTER_HOST);
        agent.command("lock " + w.name());
        // Lost on management and cluster-host; the Java client's pxeboot mtcAlive (sent to the controllers named
        // in the C agent's pxebootInfo) reports unlocked, and the C agent's correction goes on pxeboot.
        assertTrue("the lock reached the host over pxeboot", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));

        agent.command("unlock " + w.name());
        long quiet = System.nanoTime() + 3L * AUDIT_MS * 1_000_000;
        MtceTestSupport.await(() -> System.nanoTime() > quiet, 10_000);
        assertTrue("UNLOCKED never travels on pxeboot: the host stays locked", w.bothPresent());
        bed.allLinksUp();
        assertTrue("unlocked once management returns", MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        agent.command("lock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void healthyJavaClientsAreMonitoredOnPxebootWithoutAlarm() throws Exception {
        BedHost w = workers.get(0);
        agent.command("unlock " + w.name()); // the C agent monitors unlocked hosts only
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        assertTrue(MtceTestSupport.await(() -> hostLine(w).contains("pxeboot=supported"), CONVERGE_MS));
        long checks = System.nanoTime() + 4L * 3_000 * 1_000_000;
        MtceTestSupport.await(() -> System.nanoTime() > checks, 20_000);
        assertTrue("no 200.003 for a Java client that sends pxeboot mtcAlive: " + hostLine(w),
                hostLine(w).contains("alarm=clear"));
        assertEquals(0, agent.count(w.name() + " pxeboot network communication failure"));
        agent.command("lock " + w.name());
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void oldJavaClientLogsUnknownUnlockedAcksAndKeepsItsFiles() throws Exception {
        BedHost old = workers.get(1);
        assertTrue(MtceTestSupport.await(old::bothPresent, CONVERGE_MS));
        long acks = agent.count(old.name() + " unlocked msg request ACK");
        agent.command("unlock " + old.name());
        assertTrue("the old client logs the unknown command", MtceTestSupport.await(
                () -> old.runtime().count("Unsupported maintenance command (24)") > 0, CONVERGE_MS));
        assertTrue("and acks it", MtceTestSupport.await(
                () -> agent.count(old.name() + " unlocked msg request ACK") > acks, CONVERGE_MS));
        assertTrue("its files are untouched", old.bothPresent());
        agent.command("lock " + old.name());
    }

    /**
     * The C agent unlocks its own controller as the C++ agent does: it removes the backup itself, tells the client,
     * and reboots. The Java client must not put the backup back, and the controller comes up unlocked.
     */
    @Test
    public void selfUnlockOfTheControllerThenItsRebootComesUpUnlocked() throws Exception {
        assertTrue(MtceTestSupport.await(controller::bothPresent, CONVERGE_MS));
        int mark = agent.mark();
        agent.command("unlock " + controller.name());
        assertTrue("the C agent removed the backup and reboots",
                agent.awaitLineSince(mark, controller.name() + " lazy reboot", CONVERGE_MS));
        controller.reset(); // the reboot: the JVM killed, the volatile directory (tmpfs) emptied
        controller.start();
        assertTrue(MtceTestSupport.await(() -> controller.runtime().count("startup:") > 0, 30_000));
        assertTrue("the controller comes up unlocked", controller.bothAbsent());
        long quiet = System.nanoTime() + 2L * AUDIT_MS * 1_000_000;
        MtceTestSupport.await(() -> System.nanoTime() > quiet, 10_000);
        assertTrue("and stays unlocked", controller.bothAbsent());
        assertFalse("the client never restored the backup the agent removed",
                controller.runtime().output().stream().anyMatch(l -> l.contains("correcting: ")
                        && l.contains(controller.backupFile() + " removed by hand")));
    }

    /** The C agent's line for {@code host} in a fresh answer to "hosts". */
    private static String hostLine(BedHost host) {
        try {
            int mark = agent.mark();
            agent.command("hosts");
            agent.awaitLineSince(mark, "hosts end", 5_000);
            List<String> out = agent.output();
            for (int i = out.size() - 1; i >= mark && i >= 0; i--) {
                if (out.get(i).contains("host " + host.name() + " ")) {
                    return out.get(i);
                }
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<BedHost> all() {
        List<BedHost> out = new ArrayList<>();
        if (controller != null) {
            out.add(controller);
        }
        out.addAll(workers);
        return out;
    }
}
