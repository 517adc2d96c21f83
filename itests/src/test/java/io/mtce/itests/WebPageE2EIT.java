package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The status page end to end: the real container (agent and client on loopback, host {@code controller-0}) serves
 * the page; headless Chromium opens it, logs in as the admin of the users file the container created on its first
 * start, Lock is clicked (confirmation accepted), and the grid must show the host
 * locked as reported by the client, while the client's two node-locked files exist. A screenshot is saved to
 * {@code target/screenshots/status-page.png}.
 *
 * <p>Skipped, saying why, when {@code /usr/bin/chromium} is absent (CI installs Debian's {@code chromium}), when the
 * built container does not include {@code io.mtce.web}, or when its embedded default has no agent (503).
 */
public class WebPageE2EIT {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final String HOST = "controller-0";
    private static final String REPORTED = "[data-host=\"" + HOST + "\"][data-field=\"reported\"]";
    private static final long START_MILLIS = 60_000;
    private static final long AGENT_MILLIS = 15_000;
    private static final long CHANGE_MILLIS = 30_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    @Test
    public void lockingFromThePageLocksTheHost() throws Exception {
        assumeTrue("no " + CHROMIUM + ": install Debian's chromium package to run the browser test",
                Files.isExecutable(CHROMIUM));
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(WebPageE2EIT.class)) {
            assumeTrue("the built container does not include io.mtce.web (runtime/mtce.bndrun -runrequires)",
                    containsWebBundle(runtime.home().resolve("lib/mtce.jar")));
            moveToOwnLoopbackAddresses(runtime.home().resolve("etc"));
            int port = freeLoopbackPort();
            String base = "http://127.0.0.1:" + port + "/mtce/";
            Path users = runtime.home().resolve("etc/mtce-web-users");
            Files.deleteIfExists(users);
            runtime.start("-Dorg.osgi.service.http.port=" + port, "-Dorg.apache.felix.http.host=127.0.0.1");

            // The embedded default creates its users file (mode 600) with one admin on first start.
            assertTrue(users + " was not created", MtceTestSupport.await(() -> Files.isRegularFile(users),
                    START_MILLIS));
            assertTrue(users + " is empty", MtceTestSupport.await(() -> adminSecret(users) != null, START_MILLIS));
            token = adminSecret(users);
            HttpResponse<String> hosts = awaitAnswer(base + "api/hosts", START_MILLIS);
            long deadline = System.currentTimeMillis() + AGENT_MILLIS;
            while (hosts.statusCode() == 503 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                hosts = get(base + "api/hosts");
            }
            assumeTrue("the container's embedded default has no agent yet: " + hosts.body(),
                    hosts.statusCode() != 503);
            assertEquals(hosts.body(), 200, hosts.statusCode());

            Path volatileFile = runtime.home().resolve("data/var/run/.node_locked");
            Path backupFile = runtime.home().resolve("data/var/persist/mtc/.node_locked");
            String host = base + "api/hosts/" + HOST;
            assertTrue(HOST + " is not in the embedded default's inventory: " + hosts.body(),
                    MtceTestSupport.await(() -> status(host) == 200, CHANGE_MILLIS));
            if (get(host).body().contains("\"admin\":\"locked\"")) {
                HttpResponse<String> unlock = post(host + "/unlock");
                assertEquals(unlock.body(), 200, unlock.statusCode());
            }
            assertTrue("the client did not report " + HOST + " unlocked: " + get(host).body(),
                    MtceTestSupport.await(() -> settled(host, "unlocked"), CHANGE_MILLIS));
            assertTrue("flag files left after unlock", !Files.exists(volatileFile) && !Files.exists(backupFile));

            try (Cdp browser = Cdp.launch(CHROMIUM, 1280, 800)) {
                browser.navigate(base);
                assertTrue("the page shows no login form", awaitPage(browser,
                        "getComputedStyle(document.querySelector('#login')).display !== 'none'"));
                browser.evaluate("document.querySelector('#login-user').value = 'admin';"
                        + " document.querySelector('#login-password').value = '" + token + "';"
                        + " document.querySelector('#login-submit').click(); true");
                assertTrue("the login did not show the grid: " + browser.evaluate(
                        "document.querySelector('#login-message').textContent"),
                        awaitPage(browser, "getComputedStyle(document.querySelector('#status')).display !== 'none'"
                                + " && getComputedStyle(document.querySelector('#login')).display === 'none'"));
                assertTrue("the grid shows no reported state for " + HOST,
                        awaitPage(browser, "document.querySelector('" + REPORTED + "')?.textContent === 'unlocked'"));
                browser.evaluate("window.confirm = () => true;"
                        + " document.querySelector('[data-host=\"" + HOST + "\"][data-action=\"lock\"]').click();"
                        + " true");
                boolean shown = awaitPage(browser, "document.querySelector('" + REPORTED + "').textContent"
                        + " === 'locked' && document.querySelector('[data-host=\"" + HOST
                        + "\"][data-field=\"admin\"]').textContent === 'locked'");
                saveScreenshot(browser.screenshot());
                assertTrue("the grid did not show " + HOST + " locked; the page shows: "
                        + browser.evaluate("document.querySelector('#hosts').innerText + ' / '"
                                + " + document.querySelector('#action-message').textContent"), shown);
            }
            assertTrue(volatileFile + " does not exist", Files.exists(volatileFile));
            assertTrue(backupFile + " does not exist", Files.exists(backupFile));
            assertTrue(get(host).body().contains("\"reported\":\"locked\""));
            runtime.stop(30);
        }
    }

    /** The admin's secret in the users file the container created, or null while it is being written. */
    private static String adminSecret(Path users) {
        try {
            return Files.readAllLines(users).stream().filter(l -> l.startsWith("admin admin ")).findFirst()
                    .map(l -> l.split(" ")[2]).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Polls a page expression until it is true, every 100 ms for up to 30 s. */
    private static boolean awaitPage(Cdp browser, String expression) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        boolean held = MtceTestSupport.await(() -> {
            try {
                return Boolean.TRUE.equals(browser.evaluate(expression));
            } catch (IOException | InterruptedException e) {
                failure.set(e);
                return false;
            }
        }, CHANGE_MILLIS);
        if (!held && failure.get() != null) {
            throw failure.get();
        }
        return held;
    }

    /** Whether the host's admin and reported states are both {@code state} and nothing is pending. */
    private boolean settled(String host, String state) {
        try {
            String body = get(host).body();
            return body.contains("\"admin\":\"" + state + "\"") && body.contains("\"reported\":\"" + state + "\"")
                    && body.contains("\"pending\":\"none\"");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private HttpResponse<String> awaitAnswer(String url, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try {
                HttpResponse<String> r = get(url);
                // 404 until the whiteboard has registered the API servlet
                if (r.statusCode() != 404) {
                    return r;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no answer from " + url + " within " + timeoutMillis + " ms");
            }
            Thread.sleep(200);
        }
    }

    private int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The embedded default uses fixed mtc ports on 127.0.0.1-3, which another container on this machine may hold; the
     * page must be reachable from this JVM and Chromium, so no private namespace: the agent, client and inventory
     * move to 127.N.0.1-3 (N random) instead. The HTTP server stays on 127.0.0.1 with a free port.
     */
    private static void moveToOwnLoopbackAddresses(Path etc) throws IOException {
        String net = "127." + (100 + new Random().nextInt(150)) + ".0.";
        try (Stream<Path> files = Files.list(etc)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("io\\.mtce\\..*\\.cfg|.*\\.json"))
                    .collect(Collectors.toList())) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Files.writeString(f, text.replaceAll("127\\.0\\.0\\.([123])\\b", net + "$1"), StandardCharsets.UTF_8);
            }
        }
    }

    private static boolean containsWebBundle(Path containerJar) throws IOException {
        try (JarFile jar = new JarFile(containerJar.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith("jar/io.mtce.web-"));
        }
    }

    /** Saved under the build's output: target/screenshots/status-page.png. */
    private static void saveScreenshot(byte[] png) throws IOException {
        Path dir = Paths.get(MtceTestSupport.requiredProperty("mtce.itest.work")).getParent().resolve("screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve("status-page.png"), png);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
