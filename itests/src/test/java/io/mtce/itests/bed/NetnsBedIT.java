package io.mtce.itests.bed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import io.mtce.protocol.Network;
import java.nio.file.Files;
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
 * The original commits' test plans (spec section 8) on real separate networks: one agent host and three client
 * hosts, each in its own network namespace on management, cluster-host and pxeboot, each running the real
 * container in its own JVM. worker-3 is an old-style client that does not know UNLOCKED.
 */
public class NetnsBedIT {
    private static final long CONVERGE_MS = 15_000;

    private static NetnsBed bed;
    private static BedHost agent;
    private static final List<BedHost> workers = new ArrayList<>();

    @BeforeClass
    public static void startBed() throws Exception {
        String reason = NetnsBed.unavailableReason();
        Assume.assumeTrue("skipping the multi-network test bed: " + reason, reason == null);
        bed = NetnsBed.create(4);
        agent = BedHost.agent(bed, RuntimeHome.copyOfBuiltHome(NetnsBedIT.class));
        agent.start();
        for (int i = 1; i <= 3; i++) {
            BedHost w = BedHost.client(bed, i, RuntimeHome.copyOfBuiltHome(NetnsBedIT.class), i == 3);
            w.start();
            workers.add(w);
        }
        assertTrue("agent shell up", MtceTestSupport.await(() -> agentSays("mtce:hosts", "HOST\tADMIN"), 30_000));
        for (BedHost w : workers) {
            agent.runtime().command(w.addCommand());
        }
        // A newly added host is locked: the agent corrects every client that reports unlocked.
        for (BedHost w : workers) {
            assertTrue(w.name() + " came up locked with both files",
                    MtceTestSupport.await(w::bothPresent, 30_000));
        }
    }

    @AfterClass
    public static void stopBed() {
        workers.forEach(BedHost::close);
        workers.clear();
        if (agent != null) {
            agent.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    /** On a failure, every host JVM's threads are dumped into its home (threads-*.txt) next to console.log. */
    @Rule
    public final TestWatcher dumpOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            agent.runtime().dumpThreads();
            workers.forEach(w -> w.runtime().dumpThreads());
        }
    };

    @After
    public void restoreLinks() {
        bed.allLinksUp();
    }

    @Test
    public void lockAndUnlockWithAllNetworksUp() throws Exception {
        BedHost w = workers.get(0);
        unlock(w);
        assertTrue("unlock removes both files", MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        lock(w);
        assertTrue("lock creates both files", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void managementDownClusterCarriesTheCommands() throws Exception {
        BedHost w = workers.get(0);
        bed.linkDown(w.index(), Network.MANAGEMENT);
        unlock(w);
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void clusterDownManagementCarriesTheCommands() throws Exception {
        BedHost w = workers.get(0);
        bed.linkDown(w.index(), Network.CLUSTER_HOST);
        unlock(w);
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void managementAndClusterDownPxebootCarriesTheLockWithinOneSecond() throws Exception {
        BedHost w = workers.get(1);
        unlock(w);
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        bed.linkDown(w.index(), Network.MANAGEMENT);
        bed.linkDown(w.index(), Network.CLUSTER_HOST);
        awaitNothingPending(w);
        long start = System.nanoTime(); // from the operator's lock command to both files on the host
        agent.runtime().command("mtce:lock " + w.name());
        assertTrue("the lock reached the host over pxeboot", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue("files present " + elapsedMs + " ms after the lock; the fallback must take <= 1000 ms",
                elapsedMs <= 1000);
    }

    @Test
    public void lockedHostThatLostItsFilesIsCorrectedOverPxebootAndLoggedOnce() throws Exception {
        BedHost w = workers.get(1);
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        bed.linkDown(w.index(), Network.MANAGEMENT);
        bed.linkDown(w.index(), Network.CLUSTER_HOST);
        String correcting = w.name() + " mtcAlive reporting unlocked while locked ; correcting";
        long before = agent.runtime().count(correcting);
        // A reset of a host that never had a backup (fresh install): it comes up with no files at all.
        w.runtime().kill();
        w.wipeFlags();
        w.start();
        assertTrue("pxeboot LOCKED restores both files", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        // Several more mtcAlive periods: the host now reports locked, so the episode is over.
        long settled = System.nanoTime() + 4L * BedHost.MTCALIVE_PERIOD_MS * 1_000_000;
        MtceTestSupport.await(() -> System.nanoTime() > settled, 10_000);
        assertEquals("'correcting' logged once for the episode", 1, agent.runtime().count(correcting) - before);
    }

    @Test
    public void filesDeletedByHandOnALockedHostComeBack() throws Exception {
        BedHost w = workers.get(0);
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        Files.delete(w.volatileFile());
        Files.delete(w.backupFile());
        assertTrue("both files back", MtceTestSupport.await(w::bothPresent, 5_000));
    }

    @Test
    public void filesCreatedByHandOnAnUnlockedHostAreRemoved() throws Exception {
        BedHost w = workers.get(0);
        unlock(w);
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        Files.createDirectories(w.volatileFile().getParent());
        Files.writeString(w.volatileFile(), "by hand\n");
        Files.writeString(w.backupFile(), "by hand\n");
        assertTrue("both files removed", MtceTestSupport.await(w::bothAbsent, 5_000));
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    /** Spec section 8 item 10; DeadOfficeRecoveryIT has it with the host back on pxeboot alone. */
    @Test
    public void clientRestartedWhileBeingLockedComesUpWithBothFiles() throws Exception {
        BedHost w = workers.get(0);
        unlock(w);
        assertTrue(MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        awaitNothingPending(w); // the unlock's ack may still be in flight when the files are gone
        w.runtime().kill();
        lock(w);
        w.start();
        assertTrue("the restarted host has both files", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void oldClientLogsUnknownUnlockedAcksAndKeepsItsFiles() throws Exception {
        BedHost old = workers.get(2);
        assertTrue(MtceTestSupport.await(old::bothPresent, CONVERGE_MS));
        long unsupported = old.runtime().count("Unsupported maintenance command (24)");
        long acks = agent.runtime().count(old.name() + " unlocked msg ACK");
        unlock(old);
        assertTrue("the old client logs the unknown command",
                MtceTestSupport.await(() -> old.runtime().count("Unsupported maintenance command (24)") > unsupported,
                        CONVERGE_MS));
        assertTrue("and acks it (the agent takes the ack as the unlock's)", MtceTestSupport.await(
                () -> agent.runtime().count(old.name() + " unlocked msg ACK") > acks, CONVERGE_MS));
        assertTrue("its files are untouched", old.bothPresent());
        lock(old);
    }

    @Test
    public void aFlappingNetworkEndsInTheAdministrativeState() throws Exception {
        BedHost w = workers.get(0);
        for (int i = 0; i < 4; i++) {
            bed.linkDown(w.index(), Network.MANAGEMENT);
            if (i % 2 == 0) {
                unlock(w);
            } else {
                lock(w);
            }
            bed.linkUp(w.index(), Network.MANAGEMENT);
            bed.linkDown(w.index(), Network.CLUSTER_HOST);
            bed.linkUp(w.index(), Network.CLUSTER_HOST);
        }
        assertTrue("ends locked with both files", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        unlock(w);
        bed.linkDown(w.index(), Network.MANAGEMENT);
        bed.linkUp(w.index(), Network.MANAGEMENT);
        assertTrue("ends unlocked with no files", MtceTestSupport.await(w::bothAbsent, CONVERGE_MS));
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
    }

    @Test
    public void hostWatchdogStopsResettingALockedHostOncePxebootDeliversLocked() throws Exception {
        BedHost w = workers.get(1);
        lock(w);
        assertTrue(MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        bed.linkDown(w.index(), Network.MANAGEMENT);
        bed.linkDown(w.index(), Network.CLUSTER_HOST);
        bed.linkDown(w.index(), Network.PXEBOOT);
        w.runtime().kill();
        w.wipeFlags();
        w.start();
        // Control: with every network broken, no LOCKED can arrive and the watchdog keeps resetting the host.
        try (HostWatchdogModel hostwd = new HostWatchdogModel(w, 500, 16)) {
            assertTrue("without pxeboot the host is reset again and again",
                    MtceTestSupport.await(() -> hostwd.resets() >= 2, 40_000));
        }
        // With pxeboot working the LOCKED gets through, the file exists, and the resets stop.
        bed.linkUp(w.index(), Network.PXEBOOT);
        w.runtime().kill();
        w.wipeFlags();
        w.start();
        try (HostWatchdogModel hostwd = new HostWatchdogModel(w, 500, 16)) {
            assertTrue("pxeboot delivers LOCKED", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
            long quiet = System.nanoTime() + 6_000_000_000L;
            MtceTestSupport.await(() -> System.nanoTime() > quiet, 10_000);
            assertEquals("no reset once the host knows it is locked", 0, hostwd.resets());
        }
    }

    private static void lock(BedHost w) throws Exception {
        agent.lock(w.name(), CONVERGE_MS);
    }

    private static void unlock(BedHost w) throws Exception {
        agent.unlock(w.name(), CONVERGE_MS);
    }

    private static void awaitNothingPending(BedHost w) throws InterruptedException {
        agent.awaitNothingPending(w.name(), CONVERGE_MS);
    }

    private static boolean agentSays(String command, String expected) {
        return agent.runtime().ask(command, 5_000).stream().anyMatch(l -> l.contains(expected));
    }
}
