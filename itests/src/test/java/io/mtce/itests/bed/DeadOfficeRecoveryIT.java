package io.mtce.itests.bed;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import io.mtce.protocol.Network;
import io.mtce.testing.PowerCutFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Dead Office Recovery on the network-namespace bed: the whole site loses power at once and comes back with its
 * networks still down, and no host may change its lock state on the way. Also the spec's item 10 (section 8) with
 * the host returning on pxeboot alone; the same item with management up is
 * {@link NetnsBedIT#clientRestartedWhileBeingLockedComesUpWithBothFiles()}.
 */
public class DeadOfficeRecoveryIT {
    /** Not the other beds' prefix: this bed may exist while theirs do. */
    private static final String PREFIX = "mtcedor-";
    private static final long CONVERGE_MS = 20_000;
    /** JVM start, generous: on a loaded 2-core machine four containers starting at once took up to 46 s. */
    private static final long START_MS = 120_000;
    /** The locked refresh every 2 s instead of 7 s, so that the hold after convergence sees a few of them. */
    private static final long ONLINE_AUDIT_MS = 2_000;
    private static final List<Network> MGMT_CLUSTER = List.of(Network.MANAGEMENT, Network.CLUSTER_HOST);

    private static NetnsBed bed;
    private static BedHost agent;
    private static final List<BedHost> workers = new ArrayList<>();

    /**
     * Where a host's non-volatile directory comes from: the power-cut file system where FUSE is available (what was
     * not fsynced is lost with the power, as ext4 may lose it), else a plain directory, where a killed JVM loses
     * nothing the kernel's page cache holds and the cut drops nothing.
     */
    interface NonVolatileDisk {
        NonVolatileDisk PLAIN = new NonVolatileDisk() {
            @Override
            public void prepare(Path dir) throws IOException {
                Files.createDirectories(dir);
            }

            @Override
            public void cut(Path dir) {
                // a plain directory keeps all the page cache holds
            }

            @Override
            public void close() {
            }
        };

        void prepare(Path dir) throws IOException;

        void cut(Path dir) throws IOException;

        void close();
    }

    /** One simulator mounted on each host's non-volatile directory. */
    static final class PowerCutDisk implements NonVolatileDisk {
        private final Map<Path, PowerCutFs> mounts = new LinkedHashMap<>();

        @Override
        public void prepare(Path dir) throws IOException {
            mounts.put(dir, PowerCutFs.mount(dir));
        }

        /** Everything not on disk is lost; power returns at once (the host's JVM is already dead). */
        @Override
        public void cut(Path dir) {
            PowerCutFs fs = mounts.get(dir);
            fs.cut();
            fs.reboot();
        }

        @Override
        public void close() {
            mounts.values().forEach(PowerCutFs::close);
            mounts.clear();
        }
    }

    private static NonVolatileDisk disk;

    @BeforeClass
    public static void startBed() throws Exception {
        String reason = NetnsBed.unavailableReason();
        Assume.assumeTrue("skipping Dead Office Recovery: " + reason, reason == null);
        String noFuse = PowerCutFs.unavailableReason();
        if (noFuse == null) {
            disk = new PowerCutDisk();
        } else {
            System.out.println("DOR: non-volatile directories are plain directories, a cut drops nothing: " + noFuse);
            disk = NonVolatileDisk.PLAIN;
        }
        bed = NetnsBed.create(4, PREFIX);
        agent = BedHost.agent(bed, RuntimeHome.copyOfBuiltHome(DeadOfficeRecoveryIT.class),
                "online.audit.ms=\"" + ONLINE_AUDIT_MS + "\"");
        disk.prepare(agent.nonVolatileDir());
        agent.start();
        for (int i = 1; i <= 3; i++) {
            BedHost w = BedHost.client(bed, i, RuntimeHome.copyOfBuiltHome(DeadOfficeRecoveryIT.class), false);
            disk.prepare(w.nonVolatileDir());
            w.start();
            workers.add(w);
        }
        assertTrue("agent shell up", MtceTestSupport.await(DeadOfficeRecoveryIT::agentShellUp, START_MS));
        for (BedHost w : workers) {
            agent.runtime().command(w.addCommand());
        }
        for (BedHost w : workers) {
            assertTrue(w.name() + " came up locked with both files", MtceTestSupport.await(w::bothPresent, START_MS));
        }
    }

    @AfterClass
    public static void stopBed() {
        workers.forEach(BedHost::close);
        workers.clear();
        if (agent != null) {
            agent.close();
        }
        if (disk != null) {
            disk.close();
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
            workers.forEach(w -> w.runtime().dumpThreads());
        }
    };

    /** Whatever a failed test left: every link up and every host running again. */
    @After
    public void restore() throws IOException {
        bed.allLinksUp();
        if (!agent.runtime().isAlive()) {
            agent.start();
        }
        for (BedHost w : workers) {
            if (!w.runtime().isAlive()) {
                w.start();
            }
        }
    }

    @Test
    public void deadOfficeRecoveryChangesNoHostsLockState() throws Exception {
        Map<BedHost, Boolean> locked = new LinkedHashMap<>();
        locked.put(workers.get(0), true);
        locked.put(workers.get(1), false);
        locked.put(workers.get(2), true);
        for (Map.Entry<BedHost, Boolean> e : locked.entrySet()) {
            setLocked(e.getKey(), e.getValue());
        }
        Map<String, String> adminBefore = adminStates();
        byte[] inventoryBefore = Files.readAllBytes(agent.inventoryFile());
        Map<BedHost, byte[]> backupBefore = new LinkedHashMap<>();
        for (BedHost w : workers) {
            if (locked.get(w)) {
                backupBefore.put(w, Files.readAllBytes(w.backupFile()));
            }
        }

        // The power cut: every JVM killed, every tmpfs emptied, the disks lose what they would.
        List<BedHost> all = new ArrayList<>(workers);
        all.add(0, agent);
        for (BedHost h : all) {
            h.powerOff();
            disk.cut(h.nonVolatileDir());
        }
        for (BedHost w : workers) {
            assertFalse(w.name() + ": the volatile flag went with the power", Files.exists(w.volatileFile()));
        }

        // Power returns before the networks. Pxeboot stays down too for now: with every link of every worker down,
        // no message can pass between a worker and the agent, so what the files show next is startup's doing alone.
        for (BedHost w : workers) {
            for (Network n : Network.values()) {
                bed.linkDown(w.index(), n);
            }
        }
        Map<BedHost, Integer> marks = new LinkedHashMap<>();
        for (BedHost h : all) {
            marks.put(h, h.runtime().output().size());
            h.start();
        }
        long powerOn = System.nanoTime();
        for (BedHost w : workers) {
            List<String> startup = startupLines(w, locked.get(w));
            assertTrue(w.name() + " logs its startup reconciliation: one of " + startup,
                    MtceTestSupport.await(() -> linesSince(w, marks).stream()
                            .anyMatch(l -> startup.stream().anyMatch(l::contains)), START_MS));
        }
        long reconciledMs = elapsedMs(powerOn);
        for (BedHost w : workers) {
            if (locked.get(w)) {
                assertTrue(w.name() + " is locked: both files before any contact", w.bothPresent());
            } else {
                assertTrue(w.name() + " is unlocked: no file before any contact", w.bothAbsent());
            }
        }
        assertTrue("agent shell up after the power cut", MtceTestSupport.await(() -> hostRows().size() == 3,
                START_MS));
        assertEquals("the agent heard nothing yet: no message crossed", "received 0", agentStat("received"));
        assertEquals("the agent's admin states came back from its inventory", adminBefore, adminStates());
        Map<BedHost, Object[]> filesAfterStartup = new LinkedHashMap<>();
        for (BedHost w : workers) {
            if (locked.get(w)) {
                assertArrayEquals(w.name() + ": startup kept the backup's content", backupBefore.get(w),
                        Files.readAllBytes(w.backupFile()));
                filesAfterStartup.put(w, new Object[] {identity(w.volatileFile()), identity(w.backupFile())});
            }
        }

        try (FlagWatch watch = new FlagWatch(locked)) {
            // The issue's state: management and cluster-host down, pxeboot (the fallback that can carry LOCKED) up.
            for (BedHost w : workers) {
                bed.linkUp(w.index(), Network.PXEBOOT);
            }
            assertTrue("every worker heard on pxeboot", MtceTestSupport.await(
                    () -> workers.stream().allMatch(w -> !"never".equals(column(w, 6))), CONVERGE_MS));
            for (BedHost w : workers) {
                for (Network n : MGMT_CLUSTER) {
                    bed.linkUp(w.index(), n);
                }
            }
            long networksBack = System.nanoTime();
            assertTrue("every worker heard on management and cluster-host, reporting its admin state, nothing pending",
                    MtceTestSupport.await(DeadOfficeRecoveryIT::converged, CONVERGE_MS));
            long convergedMs = elapsedMs(networksBack);
            // A flip can only be ruled out over time: a few locked refreshes and mtcAlive periods.
            long hold = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * ONLINE_AUDIT_MS
                    + 2L * BedHost.MTCALIVE_PERIOD_MS);
            MtceTestSupport.await(() -> System.nanoTime() > hold, 3 * ONLINE_AUDIT_MS + 10_000);
            assertTrue("every worker still reported in", converged());
            System.out.printf("DOR: startup reconciled %d ms after power-on; converged %d ms after the networks"
                    + " returned; %d flag samples%n", reconciledMs, convergedMs, watch.samples());
            assertEquals("no worker's files ever left their state", List.of(), List.copyOf(watch.deviations()));
        }

        for (BedHost w : workers) {
            if (locked.get(w)) {
                assertArrayEquals(w.name() + ": the same files as after startup, never rewritten",
                        filesAfterStartup.get(w), new Object[] {identity(w.volatileFile()), identity(w.backupFile())});
            } else {
                assertTrue(w.name() + " still has no files", w.bothAbsent());
            }
            for (String change : List.of(w.name() + " locked (", "unlocked received from", "correcting:",
                    "locked (persist):", "unlocked:")) {
                assertEquals(w.name() + " logged no lock-state change '" + change + "'", List.of(),
                        linesSince(w, marks).stream().filter(l -> l.contains(change)).toList());
            }
        }
        assertEquals("the agent corrected no host", List.of(),
                linesSince(agent, marks).stream().filter(l -> l.contains("; correcting")).toList());
        assertEquals("admin states unchanged", adminBefore, adminStates());
        assertArrayEquals("the agent's inventory file unchanged", inventoryBefore,
                Files.readAllBytes(agent.inventoryFile()));
    }

    /**
     * Spec section 8 item 10 where the host returns with management and cluster-host still down: it went down
     * unlocked, was locked while down, and comes up with both files, by pxeboot.
     */
    @Test
    public void hostLockedWhileDownComesBackOnPxebootWithBothFiles() throws Exception {
        BedHost w = workers.get(1);
        setLocked(w, false);
        w.powerOff();
        disk.cut(w.nonVolatileDir());
        agent.runtime().command("mtce:lock " + w.name());
        assertTrue("the lock waits for the host", MtceTestSupport.await(() -> "lock".equals(agent.pending(w.name())),
                CONVERGE_MS));
        for (Network n : MGMT_CLUSTER) {
            bed.linkDown(w.index(), n);
        }
        Map<BedHost, Integer> marks = Map.of(w, w.runtime().output().size());
        w.start();
        List<String> startup = startupLines(w, false);
        assertTrue("it starts unlocked, as it went down", MtceTestSupport.await(() -> linesSince(w, marks).stream()
                .anyMatch(l -> startup.stream().anyMatch(l::contains)), START_MS));
        assertTrue("both files, by pxeboot alone", MtceTestSupport.await(w::bothPresent, CONVERGE_MS));
        assertTrue("the lock came over pxeboot", MtceTestSupport.await(() -> linesSince(w, marks).stream()
                .anyMatch(l -> l.contains(w.name() + " locked (Pxeboot)")), CONVERGE_MS));
        for (Network n : MGMT_CLUSTER) {
            bed.linkUp(w.index(), n);
        }
        assertTrue("lock acknowledged", MtceTestSupport.await(() -> "none".equals(agent.pending(w.name())),
                CONVERGE_MS));
        assertEquals("locked", column(w, 1));
        assertTrue("both files stay", w.bothPresent());
    }

    /** Locks or unlocks {@code w} as needed and waits until the files and the agent agree. */
    private static void setLocked(BedHost w, boolean locked) throws Exception {
        String want = locked ? "locked" : "unlocked";
        if (!want.equals(column(w, 1))) {
            if (locked) {
                agent.lock(w.name(), CONVERGE_MS);
            } else {
                agent.unlock(w.name(), CONVERGE_MS);
            }
        }
        assertTrue(w.name() + " " + want + " on disk", MtceTestSupport.await(locked ? w::bothPresent : w::bothAbsent,
                CONVERGE_MS));
        agent.awaitNothingPending(w.name(), CONVERGE_MS);
    }

    /** Every worker: nothing pending, reporting its admin state, heard on management and cluster-host. */
    private static boolean converged() {
        Map<String, String[]> rows = hostRows();
        return workers.stream().allMatch(w -> {
            String[] r = rows.get(w.name());
            return r != null && r.length >= 7 && "none".equals(r[2]) && r[1].equals(r[3]) && !"never".equals(r[4])
                    && !"never".equals(r[5]);
        });
    }

    /** mtce:hosts rows by host name: HOST ADMIN PENDING REPORTED MGMNT CLSTR PXEBOOT ALARM. */
    private static Map<String, String[]> hostRows() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : agent.runtime().ask("mtce:hosts", 5_000)) {
            String[] cols = line.split("\\t");
            for (BedHost w : workers) {
                if (cols.length >= 7 && cols[0].endsWith(w.name())) {
                    cols[0] = w.name();
                    rows.put(w.name(), cols);
                }
            }
        }
        return rows;
    }

    private static boolean agentShellUp() {
        return agent.runtime().ask("mtce:hosts", 5_000).stream().anyMatch(l -> l.contains("HOST\tADMIN"));
    }

    private static String column(BedHost w, int index) {
        String[] row = hostRows().get(w.name());
        return row == null ? "" : row[index];
    }

    private static Map<String, String> adminStates() {
        Map<String, String> states = new LinkedHashMap<>();
        hostRows().forEach((name, row) -> states.put(name, row[1]));
        return states;
    }

    /** One counter of mtce:stats, as "NAME VALUE". */
    private static String agentStat(String name) {
        for (String line : agent.runtime().ask("mtce:stats", 5_000)) {
            for (String field : line.split("\\t")) {
                if (field.startsWith(name + " ")) {
                    return field;
                }
            }
        }
        return "no " + name + " in mtce:stats";
    }

    private static List<String> linesSince(BedHost h, Map<BedHost, Integer> marks) {
        List<String> out = h.runtime().output();
        return out.subList(marks.get(h), out.size());
    }

    /**
     * What a host's startup may log for the state it went down in: the volatile flag restored from the backup (or no
     * file at all), or, where the power cut kept the journal of its last change (its removal needs no directory
     * fsync: completing that change again is harmless), that change completed.
     */
    private static List<String> startupLines(BedHost w, boolean locked) {
        return locked
                ? List.of("startup: restoring " + w.volatileFile() + " from " + w.backupFile() + " backup",
                        "startup: completing interrupted change to LOCKED_PERSIST")
                : List.of("startup: unlocked node: no flag files",
                        "startup: completing interrupted change to UNLOCKED");
    }

    /** A file's identity: its inode and modification time, which any rewrite or remove-and-create changes. */
    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.fileKey() + "@" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    private static long elapsedMs(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /**
     * Samples every worker's two files every few milliseconds while the networks return: a flip corrected back
     * before the end would leave the end state right, but not these samples. Records each change of what a worker's
     * files show away from (and back to) its admin state.
     */
    private static final class FlagWatch implements AutoCloseable {
        private final Map<BedHost, Boolean> locked;
        private final Map<BedHost, String> last = new LinkedHashMap<>();
        private final Queue<String> deviations = new ConcurrentLinkedQueue<>();
        private final long start = System.nanoTime();
        private final Thread thread;
        private volatile boolean stop;
        private volatile long samples;

        FlagWatch(Map<BedHost, Boolean> locked) {
            this.locked = Map.copyOf(locked);
            locked.forEach((w, l) -> last.put(w, l ? "both files" : "no file"));
            this.thread = new Thread(this::run, "dor-flag-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (!stop) {
                for (Map.Entry<BedHost, Boolean> e : locked.entrySet()) {
                    BedHost w = e.getKey();
                    boolean v = Files.exists(w.volatileFile());
                    boolean b = Files.exists(w.backupFile());
                    String now = v && b ? "both files" : !v && !b ? "no file" : v ? "volatile only" : "backup only";
                    if (!now.equals(last.get(w))) {
                        deviations.add(w.name() + ": " + last.get(w) + " -> " + now + " at +" + elapsedMs(start)
                                + " ms");
                        last.put(w, now);
                    }
                }
                samples++;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }

        long samples() {
            return samples;
        }

        Queue<String> deviations() {
            return deviations;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(1_000);
        }
    }
}
