package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** The flag-file service comes up from Config Admin configuration and follows a change of paths at runtime. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class FlagFilesIT {
    private static final String PID = "io.mtce.flags";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private ServiceTracker<NodeLockFlags, NodeLockFlags> tracker;

    @Configuration
    public Option[] config() {
        return MtceTestSupport.baseOptions(FlagFilesIT.class);
    }

    @After
    public void closeTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    public void noServiceWithoutConfiguration() throws Exception {
        tracker = new ServiceTracker<>(context, NodeLockFlags.class, null);
        tracker.open();
        assertNull("the flag files are only managed once configured", tracker.waitForService(500));
    }

    @Test
    public void comesUpFromConfigAdminAndFollowsPathChanges() throws Exception {
        Path dirA = Files.createTempDirectory("flags-a");
        Path dirB = Files.createTempDirectory("flags-b");
        tracker = new ServiceTracker<>(context, NodeLockFlags.class, null);
        tracker.open();

        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration(PID, "?");
        cfg.update(paths(dirA));
        NodeLockFlags flags = tracker.waitForService(10_000);
        assertNotNull("NodeLockFlags registered after configuration", flags);
        flags.lock(true);
        assertTrue(Files.exists(dirA.resolve("run/.node_locked")));
        assertTrue(Files.exists(dirA.resolve("persist/.node_locked")));
        assertEquals(NodeLockFlags.CONTENT, Files.readString(dirA.resolve("persist/.node_locked")));

        long before = tracker.getTrackingCount();
        cfg.update(paths(dirB));
        assertTrue("component re-activated with the new paths",
                MtceTestSupport.await(() -> tracker.getTrackingCount() >= before + 2 && tracker.getService() != null,
                        10_000));
        NodeLockFlags moved = tracker.getService();
        assertEquals("nothing at the new paths yet: reconciled as unlocked", FlagState.BOTH_ABSENT, moved.state());
        assertEquals(DesiredLock.UNLOCKED, moved.desired());
        moved.lock(true);
        assertTrue(Files.exists(dirB.resolve("run/.node_locked")));
        assertTrue(Files.exists(dirB.resolve("persist/.node_locked")));

        // The live service corrects tampering at its new paths within the 250 ms bound (awaited generously here).
        Files.delete(dirB.resolve("persist/.node_locked"));
        assertTrue("backup restored", MtceTestSupport.await(
                () -> Files.exists(dirB.resolve("persist/.node_locked")), 5_000));
        moved.unlock();
        assertFalse(Files.exists(dirB.resolve("run/.node_locked")));
        assertFalse(Files.exists(dirB.resolve("persist/.node_locked")));
        cfg.delete();
    }

    @Test
    public void badConfigurationKeepsTheServiceAway() throws Exception {
        tracker = new ServiceTracker<>(context, NodeLockFlags.class, null);
        tracker.open();
        Dictionary<String, Object> bad = new Hashtable<>();
        bad.put("volatile.path", "relative/.node_locked");
        configAdmin.getConfiguration(PID, "?").update(bad);
        assertNull("a relative path is refused", tracker.waitForService(1_000));
    }

    private static Dictionary<String, Object> paths(Path dir) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("volatile.path", dir.resolve("run/.node_locked").toString());
        props.put("backup.path", dir.resolve("persist/.node_locked").toString());
        props.put("obsolete.path", dir.resolve("etc/.node_locked").toString());
        props.put("journal.path", dir.resolve("persist/.node_locked.intent").toString());
        props.put("audit.period.ms", "1000");
        props.put("allowed.roots", dir.toString());
        return props;
    }
}
