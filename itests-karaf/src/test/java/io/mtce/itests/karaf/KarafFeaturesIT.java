package io.mtce.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.karaf.KarafInstance.Result;
import java.net.http.HttpResponse;
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
 * install, a loopback host is added, locked and unlocked through the shell and through REST on pax-web's whiteboard
 * (both flag files under ${karaf.data}/mtce appear and go), the pxeboot feature is removed and re-added with no other
 * mtce bundle or component restarted, and a viewer may read but is refused mtce:lock by the command ACL. The REST API
 * logs Karaf's users in (realm karaf): 401 without credentials, 403 for a rebinding Host, 403 for a viewer's lock,
 * 403 for a cross-site POST without the CSRF token; and it runs on Karaf's one HTTP server, no second one.
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
            admin(karaf, "feature:install mtce-agent mtce-client mtce-web mtce-transport-pxeboot");
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

            MtceRest rest = new MtceRest(karaf.httpPort());
            await(karaf, "the REST API answers Karaf's admin", () -> status(rest, "/hosts", "karaf") == 200);
            assertOneHttpServer(karaf);
            assertWebRefusals(rest);
            lockAndUnlock(karaf, rest, volatileFlag, backupFlag);

            // pxeboot out and back in: no other mtce bundle refreshed, none of their components restarted.
            String bundlesBefore = mtceBundles(karaf, false);
            String lifecycleBefore = lifecycle(karaf);
            int logBefore = logLines(karaf);
            // The Basic CSRF token is an HMAC under a key the web component makes when it activates.
            String csrfBefore = rest.csrf("karaf", "karaf");
            admin(karaf, "feature:uninstall -v mtce-transport-pxeboot");
            await(karaf, "four transports up", () -> countUp(karaf) == 4);
            admin(karaf, "feature:install -v mtce-transport-pxeboot");
            await(karaf, "six transports up again", () -> countUp(karaf) == 6);
            List<String> refreshed = refreshedMtceBundles(karaf, logBefore);
            assertTrue("pxeboot's own refresh not found in the log: " + refreshed,
                    refreshed.stream().anyMatch(b -> b.startsWith("io.mtce.transport.pxeboot/")));
            assertEquals(List.of(), refreshed.stream()
                    .filter(b -> !b.startsWith("io.mtce.transport.pxeboot/")).toList());
            assertEquals(bundlesBefore, mtceBundles(karaf, false));
            assertEquals(lifecycleBefore, lifecycle(karaf));
            assertEquals("the web component was restarted", csrfBefore, rest.csrf("karaf", "karaf"));
            lockAndUnlock(karaf, volatileFlag, backupFlag);
            lockAndUnlock(karaf, rest, volatileFlag, backupFlag);
        }
    }

    private void lockAndUnlock(KarafInstance karaf, Path volatileFlag, Path backupFlag) throws Exception {
        admin(karaf, "mtce:lock controller-0");
        await(karaf, "both flag files planted", () -> Files.exists(volatileFlag) && Files.exists(backupFlag));
        await(karaf, "the lock acknowledged", () -> nothingPending(karaf));
        admin(karaf, "mtce:unlock controller-0");
        await(karaf, "both flag files removed", () -> !Files.exists(volatileFlag) && !Files.exists(backupFlag));
        await(karaf, "the unlock acknowledged", () -> nothingPending(karaf));
    }

    /** The Karaf admin locks and unlocks through REST: HTTP Basic and the CSRF token, as docs/security.md says. */
    private void lockAndUnlock(KarafInstance karaf, MtceRest rest, Path volatileFlag, Path backupFlag)
            throws Exception {
        String csrf = rest.csrf("karaf", "karaf");
        HttpResponse<String> lock = rest.post("/hosts/controller-0/lock", "karaf", "karaf", csrf, null);
        assertEquals(lock.body(), 200, lock.statusCode());
        assertTrue(lock.body(), lock.body().contains("\"admin\":\"locked\""));
        await(karaf, "both flag files planted through REST", () -> Files.exists(volatileFlag)
                && Files.exists(backupFlag));
        await(karaf, "the lock acknowledged", () -> nothingPending(karaf));
        HttpResponse<String> unlock = rest.post("/hosts/controller-0/unlock", "karaf", "karaf", csrf, rest.origin());
        assertEquals(unlock.body(), 200, unlock.statusCode());
        await(karaf, "both flag files removed through REST", () -> !Files.exists(volatileFlag)
                && !Files.exists(backupFlag));
        await(karaf, "the unlock acknowledged", () -> nothingPending(karaf));
    }

    /**
     * The agent has the last change acknowledged: the files are planted or removed before the client's ack reaches
     * the agent, and until then the opposite change is refused ("not acknowledged yet", 409).
     */
    private static boolean nothingPending(KarafInstance karaf) {
        try {
            Result r = karaf.client("karaf", "karaf", "mtce:host controller-0");
            return r.out().lines().anyMatch(l -> l.matches("pending:\\s+none"));
        } catch (Exception e) {
            return false;
        }
    }

    /** One rule each: no credentials, a rebinding Host, a viewer's lock, a cross-site POST without the token. */
    private void assertWebRefusals(MtceRest rest) throws Exception {
        HttpResponse<String> anonymous = rest.get("/hosts", null, null);
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertEquals(401, rest.post("/hosts/controller-0/lock", null, null, null, null).statusCode());
        assertEquals(401, rest.get("/hosts", "karaf", "wrong").statusCode());

        String csrf = rest.csrf("karaf", "karaf");
        String rebound = "POST /mtce/api/hosts/controller-0/lock HTTP/1.1\r\nHost: rebind.example:" + rest.port()
                + "\r\nOrigin: http://rebind.example:" + rest.port() + "\r\nAuthorization: "
                + MtceRest.basic("karaf", "karaf") + "\r\n" + MtceRest.CSRF_HEADER + ": " + csrf
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        assertEquals("HTTP/1.1 403", rest.statusLine(rebound));
        assertEquals("HTTP/1.1 200", rest.statusLine("GET /mtce/api/hosts HTTP/1.1\r\nHost: localhost:"
                + rest.port() + "\r\nAuthorization: " + MtceRest.basic("karaf", "karaf")
                + "\r\nConnection: close\r\n\r\n"));

        HttpResponse<String> viewerHosts = rest.get("/hosts", "viewer", "viewer");
        assertEquals(viewerHosts.body(), 200, viewerHosts.statusCode());
        assertTrue(viewerHosts.body(), viewerHosts.body().contains("controller-0"));
        HttpResponse<String> viewerLock = rest.post("/hosts/controller-0/lock", "viewer", "viewer",
                rest.csrf("viewer", "viewer"), rest.origin());
        assertEquals(viewerLock.body(), 403, viewerLock.statusCode());
        assertTrue(viewerLock.body(), viewerLock.body().contains("need the admin role"));

        HttpResponse<String> crossSite = rest.post("/hosts/controller-0/lock", "karaf", "karaf", null,
                "http://elsewhere.example");
        assertEquals(crossSite.body(), 403, crossSite.statusCode());
        HttpResponse<String> noToken = rest.post("/hosts/controller-0/lock", "karaf", "karaf", null, null);
        assertEquals(noToken.body(), 403, noToken.statusCode());
        assertTrue(noToken.body(), noToken.body().contains(MtceRest.CSRF_HEADER));

        HttpResponse<String> host = rest.get("/hosts/controller-0", "karaf", "karaf");
        assertTrue("a refused request locked the host: " + host.body(), host.body().contains("\"admin\":\"unlocked\""));
    }

    /** The web bundle is on pax-web's whiteboard: no Felix HTTP Jetty beside it, one HTTP runtime in the framework. */
    private static void assertOneHttpServer(KarafInstance karaf) throws Exception {
        String bundles = admin(karaf, "bundle:list -t 0 -s --no-format").out();
        assertFalse(bundles, bundles.contains("org.apache.felix.http"));
        assertTrue(bundles, bundles.contains("org.ops4j.pax.web.pax-web-jetty"));
        assertTrue(bundles, bundles.contains("io.mtce.web.javax"));
        assertFalse(bundles, bundles.matches("(?s).*\\bio\\.mtce\\.web\\s.*"));
        String runtimes = admin(karaf, "service:list org.osgi.service.http.runtime.HttpServiceRuntime").out();
        assertEquals(runtimes, 1, runtimes.lines()
                .filter(l -> l.startsWith("[") && l.contains("org.osgi.service.http.runtime.HttpServiceRuntime"))
                .count());
    }

    private static int status(MtceRest rest, String path, String user) {
        try {
            return rest.get(path, user, user).statusCode();
        } catch (Exception e) {
            return -1;
        }
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

    /**
     * The mtce bundles the features service listed under "Refreshing bundles:" in its log, from line {@code from}
     * on. Each line is "time | level | thread | logger | bundle | message"; a listed bundle's message is indented.
     */
    private static List<String> refreshedMtceBundles(KarafInstance karaf, int from) throws Exception {
        List<String> lines = Files.readAllLines(karaf.data().resolve("log/karaf.log"));
        List<String> refreshed = new ArrayList<>();
        boolean inList = false;
        for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
            String[] columns = line.split(" \\| ", 6);
            String message = columns.length == 6 ? columns[5] : "";
            if (message.equals("Refreshing bundles:")) {
                inList = true;
            } else if (inList && message.startsWith("    ")) {
                if (message.strip().startsWith("io.mtce.")) {
                    refreshed.add(message.strip().split(" ")[0]);
                }
            } else {
                inList = false;
            }
        }
        return refreshed;
    }

    private static int logLines(KarafInstance karaf) throws Exception {
        return Files.readAllLines(karaf.data().resolve("log/karaf.log")).size();
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
