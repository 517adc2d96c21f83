package io.mtce.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.karaf.KarafInstance.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The README's two commands on the real Karaf 4.4.10 distribution, offline, on Felix and on Equinox: the features
 * install, a loopback host is added, locked and unlocked through the shell (both flag files under
 * ${karaf.data}/mtce appear and go), the pxeboot feature is removed and re-added with no other mtce bundle or
 * component restarted, and a viewer may read but is refused mtce:lock by the command ACL.
 * TODO(issue 16): REST through pax-web (mtce-web) once io.mtce.web runs on Karaf's HTTP Whiteboard.
 */
public class KarafFeaturesIT {
    private static final String VERSION = System.getProperty("mtce.version");
    private static final Duration AWAIT = Duration.ofSeconds(60);
    /** A bundle:list -s row of an mtce bundle: id, state, symbolic name (columns split by tabs or bars). */
    private static final Pattern BUNDLE_LINE =
            Pattern.compile("(?m)^\\s*(\\d+)\\s*[\\t│|]\\s*(\\w+)\\s*[\\t│|].*[\\t│|]\\s*(io\\.mtce\\.\\S+)");

    @Test
    public void featuresOnFelix() throws Exception {
        exercise("felix");
    }

    @Test
    public void featuresOnEquinox() throws Exception {
        exercise("equinox");
    }

    private void exercise(String framework) throws Exception {
        try (KarafInstance karaf = KarafInstance.create(framework, framework)) {
            karaf.start();
            assertTrue(admin(karaf, "system:framework").out().toLowerCase().contains(framework));

            admin(karaf, "feature:repo-add mvn:io.mtce/mtce-features/" + VERSION + "/xml/features");
            admin(karaf, "feature:install mtce-agent mtce-client mtce-transport-pxeboot");
            await(karaf, "six transports up", () -> countUp(karaf) == 6);

            // --help prints a usage, and command output survives batch mode.
            String usage = admin(karaf, "mtce:lock --help").out();
            assertTrue(usage, usage.contains("usage: mtce:lock [-h] NAME"));

            Path volatileFlag = karaf.data().resolve("mtce/var/run/.node_locked");
            Path backupFlag = karaf.data().resolve("mtce/var/persist/mtc/.node_locked");
            String added = admin(karaf, "mtce:add controller-0 02:00:00:00:00:01 controller 127.0.0.1 127.0.0.2"
                    + " 127.0.0.3").out();
            assertTrue(added, added.contains("controller-0"));
            assertTrue(Files.exists(karaf.data().resolve("mtce/agent/inventory.json")));
            lockAndUnlock(karaf, volatileFlag, backupFlag);

            // A viewer reads, but may not lock: the ACL the feature ships.
            Result hosts = karaf.client("viewer", "viewer", "mtce:hosts");
            assertTrue(hosts.toString(), hosts.out().contains("controller-0"));
            Result refused = karaf.client("viewer", "viewer", "mtce:lock controller-0");
            assertTrue(refused.toString(), (refused.out() + refused.err()).contains("Insufficient credentials")
                    || (refused.out() + refused.err()).contains("Command not found"));
            Thread.sleep(1000);
            assertFalse("a refused lock planted " + volatileFlag, Files.exists(volatileFlag));

            // pxeboot out and back in: no other mtce bundle refreshed, none of their components restarted.
            String bundlesBefore = mtceBundles(karaf, false);
            String lifecycleBefore = lifecycle(karaf);
            admin(karaf, "feature:uninstall -v mtce-transport-pxeboot");
            await(karaf, "four transports up", () -> countUp(karaf) == 4);
            admin(karaf, "feature:install -v mtce-transport-pxeboot");
            await(karaf, "six transports up again", () -> countUp(karaf) == 6);
            assertEquals(List.of(), refreshedOtherThanPxeboot(karaf));
            assertEquals(bundlesBefore, mtceBundles(karaf, false));
            assertEquals(lifecycleBefore, lifecycle(karaf));
            lockAndUnlock(karaf, volatileFlag, backupFlag);
        }
    }

    private void lockAndUnlock(KarafInstance karaf, Path volatileFlag, Path backupFlag) throws Exception {
        admin(karaf, "mtce:lock controller-0");
        await(karaf, "both flag files planted", () -> Files.exists(volatileFlag) && Files.exists(backupFlag));
        admin(karaf, "mtce:unlock controller-0");
        await(karaf, "both flag files removed", () -> !Files.exists(volatileFlag) && !Files.exists(backupFlag));
    }

    /** The mtce bundles but pxeboot's, "id state name" per line, from bundle:list. */
    private static String mtceBundles(KarafInstance karaf, boolean withPxeboot) throws Exception {
        String list = admin(karaf, "bundle:list -t 0 -s --no-format").out();
        Matcher m = BUNDLE_LINE.matcher(list);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            if (withPxeboot || !m.group(3).contains("pxeboot")) {
                sb.append(m.group(1)).append(' ').append(m.group(2)).append(' ').append(m.group(3)).append('\n');
            }
        }
        assertTrue("no mtce bundles in:\n" + list, sb.length() > 0);
        return sb.toString();
    }

    /**
     * How often the agent and client roles started and the other transports stopped, from Karaf's log: a refreshed
     * bundle's components are deactivated and activated again, which these lines record. (Right after the first
     * install each starts twice: FileInstall re-reads the etc/*.cfg files the features service writes.)
     */
    private static String lifecycle(KarafInstance karaf) throws Exception {
        String log = Files.readString(karaf.data().resolve("log/karaf.log"));
        StringBuilder sb = new StringBuilder();
        for (String event : List.of("agent role started", "client role listening", "management/agent transport stopped",
                "management/client transport stopped", "cluster-host/agent transport stopped",
                "cluster-host/client transport stopped")) {
            sb.append(event).append(": ").append(log.split(Pattern.quote(event), -1).length - 1).append('\n');
        }
        return sb.toString();
    }

    /** The mtce bundles but pxeboot's that the features service listed under "Refreshing bundles:" in its log. */
    private static List<String> refreshedOtherThanPxeboot(KarafInstance karaf) throws Exception {
        List<String> refreshed = new ArrayList<>();
        boolean inList = false;
        for (String line : Files.readAllLines(karaf.data().resolve("log/karaf.log"))) {
            if (line.endsWith("Refreshing bundles:")) {
                inList = true;
            } else if (inList && line.startsWith("    ")) {
                if (line.contains("io.mtce") && !line.contains("io.mtce.transport.pxeboot/")) {
                    refreshed.add(line.strip());
                }
            } else {
                inList = false;
            }
        }
        return refreshed;
    }

    private static int countUp(KarafInstance karaf) {
        try {
            Result r = karaf.client("karaf", "karaf", "mtce:transports");
            return (int) r.out().lines().filter(l -> l.matches(".*\\bup\\b.*")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static Result admin(KarafInstance karaf, String command) throws Exception {
        Result r = karaf.client("karaf", "karaf", command);
        assertEquals(r + "\n" + karaf.log(), 0, r.exit());
        assertFalse(r + "\n" + karaf.log(), r.err().contains("Error executing command"));
        return r;
    }

    private static void await(KarafInstance karaf, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AWAIT + ": " + what + "\n"
                        + karaf.client("karaf", "karaf", "mtce:transports") + "\n"
                        + karaf.client("karaf", "karaf", "mtce:hosts") + "\n" + karaf.log());
            }
            Thread.sleep(250);
        }
    }
}
