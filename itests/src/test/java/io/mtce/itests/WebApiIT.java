package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.AgentException.Reason;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.agent.PendingAction;
import io.mtce.alarm.Alarm;
import io.mtce.protocol.Network;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The REST API and the page, served by Felix HTTP Jetty inside the framework, with a fake agent registered as the
 * {@link MaintenanceAgent} service (the real agent needs configuration and is not active here). Jetty listens on a
 * free loopback port passed as {@code org.osgi.service.http.port}. The web bundle creates its users file on start,
 * as in the container; the tests read the admin's token from it and add a viewer. One test per security rule: 401
 * without credentials, 403 for a rebinding Host, 403 for a cross-site POST without the CSRF token, 503 while the
 * users file is readable by others, 403 for a viewer's lock. {@link WebJavaxIT} runs them all on the javax variant.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebApiIT {
    private static final String PORT = "org.osgi.service.http.port";
    private static final long READY_MILLIS = 20_000;
    /** Where the web bundle creates its users file: in this class's work directory (configured before it starts). */
    private static final String USERS_PROPERTY = "mtce.itest.web.users";
    private static final String WEB_PID = "io.mtce.web";
    private static final String VIEWER_TOKEN = "viewer-token-0123456789";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private ServiceRegistration<MaintenanceAgent> registration;
    private FakeAgent agent;
    private String adminToken;
    private Path users;

    @Configuration
    public Option[] config() throws IOException {
        return serverWith(WebApiIT.class, testJar("io.mtce.web", "io.mtce.web.jakarta.ApiServlet"));
    }

    /** Felix HTTP Jetty (jakarta Servlet Whiteboard 2.0 and javax HTTP Whiteboard 1.1) and one web bundle. */
    static Option[] serverWith(Class<?> testClass, String webBundle) throws IOException {
        Path users = MtceTestSupport.workDir(testClass).resolve("etc/mtce-web-users");
        return options(composite(MtceTestSupport.baseOptions(testClass)),
                systemProperty(USERS_PROPERTY).value(users.toString()),
                systemProperty(PORT).value(Integer.toString(freeLoopbackPort())),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                bundle(testJar("org.apache.felix.http.servlet-api", "jakarta.servlet.Servlet")).startLevel(2).start(),
                bundle(testJar("org.apache.felix.http.jetty",
                        "org.apache.felix.http.jetty.internal.JettyActivator")).startLevel(2).start(),
                bundle(webBundle).startLevel(2).start(false));
    }

    @Before
    public void registerAgent() throws Exception {
        agent = new FakeAgent();
        registration = context.registerService(MaintenanceAgent.class, agent, new Hashtable<>());
        users = Paths.get(context.getProperty(USERS_PROPERTY));
        configure(null);
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.mtce.web") && b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
        // The web bundle creates the users file on start, as in the container.
        assertTrue(users + " was not created within " + READY_MILLIS + " ms",
                MtceTestSupport.await(() -> Files.isRegularFile(users), READY_MILLIS));
        List<String> lines = Files.readAllLines(users);
        adminToken = lines.stream().filter(l -> l.startsWith("admin admin ")).findFirst().orElseThrow().split(" ")[2];
        if (lines.stream().noneMatch(l -> l.startsWith("ops "))) {
            Files.writeString(users, "ops viewer " + VIEWER_TOKEN + "\n", StandardOpenOption.APPEND);
        }
        assertTrue("the API did not answer 200 within " + READY_MILLIS + " ms",
                MtceTestSupport.await(() -> statusQuietly("/mtce/api/hosts") == 200, READY_MILLIS));
    }

    @After
    public void unregisterAgent() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    @Test
    public void listsHostsAsJson() throws Exception {
        HttpResponse<String> r = send("GET", "/mtce/api/hosts", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), contentType(r).startsWith("application/json"));
        assertTrue(r.body(), r.body().startsWith("{\"hosts\":[{\"name\":\"worker-1\""));
        assertTrue(r.body(), r.body().contains("\"name\":\"worker-busy\""));
    }

    @Test
    public void lockAnswers200WithTheHost() throws Exception {
        HttpResponse<String> r = send("POST", "/mtce/api/hosts/worker-1/lock", null);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"admin\":\"locked\""));
        assertTrue(r.body(), r.body().contains("\"pending\":\"lock\""));
        assertEquals(AdminState.LOCKED, agent.host("worker-1").orElseThrow().adminState());
    }

    @Test
    public void unknownHostIs404() throws Exception {
        HttpResponse<String> get = send("GET", "/mtce/api/hosts/nope", null);
        HttpResponse<String> lock = send("POST", "/mtce/api/hosts/nope/lock", null);
        assertEquals(404, get.statusCode());
        assertEquals(404, lock.statusCode());
        assertEquals("{\"error\":\"unknown host 'nope'\"}", lock.body());
    }

    @Test
    public void lockWhileUnlockInProgressIs409() throws Exception {
        HttpResponse<String> r = send("POST", "/mtce/api/hosts/worker-busy/lock", null);
        assertEquals(409, r.statusCode());
        assertTrue(r.body(), r.body().contains("not acknowledged"));
    }

    @Test
    public void malformedJsonIs400NamingTheProblem() throws Exception {
        HttpResponse<String> r = send("POST", "/mtce/api/hosts", "{\"name\": ");
        assertEquals(400, r.statusCode());
        assertTrue(r.body(), r.body().contains("malformed JSON at line 1"));
    }

    @Test
    public void addIs201() throws Exception {
        HttpResponse<String> r = send("POST", "/mtce/api/hosts", "{\"name\":\"worker-2\",\"mgmtMac\":"
                + "\"02:00:00:00:00:02\",\"personality\":\"worker\",\"addresses\":{\"management\":\"10.0.0.2\"}}");
        assertEquals(r.body(), 201, r.statusCode());
        assertEquals("/mtce/api/hosts/worker-2", r.headers().firstValue("Location").orElse(""));
        assertEquals(200, send("GET", "/mtce/api/hosts/worker-2", null).statusCode());
    }

    @Test
    public void crossOriginChangeIs403() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/mtce/api/hosts/worker-1/lock"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Origin", "http://elsewhere.example").POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(403, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(AdminState.UNLOCKED, agent.host("worker-1").orElseThrow().adminState());
    }

    @Test
    public void withoutCredentialsIs401() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/mtce/api/hosts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"mtce\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        HttpResponse<String> lock = http.send(HttpRequest.newBuilder(uri("/mtce/api/hosts/worker-1/lock"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, lock.statusCode());
        assertEquals(AdminState.UNLOCKED, agent.host("worker-1").orElseThrow().adminState());
    }

    @Test
    public void rebindingHostIs403() throws Exception {
        String lock = "POST /mtce/api/hosts/worker-1/lock HTTP/1.1\r\nHost: rebind.example:" + port()
                + "\r\nOrigin: http://rebind.example:" + port() + "\r\nAuthorization: Bearer " + adminToken
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        assertEquals("HTTP/1.1 403", statusLine(lock));
        assertEquals("HTTP/1.1 403", statusLine("GET /mtce/ HTTP/1.1\r\nHost: rebind.example\r\n"
                + "Connection: close\r\n\r\n"));
        assertEquals(AdminState.UNLOCKED, agent.host("worker-1").orElseThrow().adminState());
        assertEquals("HTTP/1.1 200", statusLine("GET /mtce/api/hosts HTTP/1.1\r\nHost: localhost:" + port()
                + "\r\nAuthorization: Bearer " + adminToken + "\r\nConnection: close\r\n\r\n"));
    }

    @Test
    public void pageLoginAndItsCsrfToken() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/mtce/api/session"))
                .header("Origin", origin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + adminToken
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(login.body(), 200, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(login.body());
        assertTrue(login.body(), m.find());
        String lock = "/mtce/api/hosts/worker-1/lock";
        // cross-site POST riding on the cookie, without the token; and one without Origin nor token
        assertEquals(403, sendRaw(HttpRequest.newBuilder(uri(lock)).header("Cookie", cookie)
                .header("Origin", "http://elsewhere.example")).statusCode());
        HttpResponse<String> bare = sendRaw(HttpRequest.newBuilder(uri(lock)).header("Cookie", cookie));
        assertEquals(403, bare.statusCode());
        assertTrue(bare.body(), bare.body().contains("X-Mtce-Csrf"));
        assertEquals(AdminState.UNLOCKED, agent.host("worker-1").orElseThrow().adminState());
        HttpResponse<String> ok = sendRaw(HttpRequest.newBuilder(uri(lock)).header("Cookie", cookie)
                .header("Origin", origin()).header("X-Mtce-Csrf", m.group(1)));
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals(AdminState.LOCKED, agent.host("worker-1").orElseThrow().adminState());
    }

    @Test
    public void viewerReadsButMayNotLock() throws Exception {
        assertEquals(200, http.send(HttpRequest.newBuilder(uri("/mtce/api/hosts"))
                .header("Authorization", "Bearer " + VIEWER_TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        HttpResponse<String> lock = sendRaw(HttpRequest.newBuilder(uri("/mtce/api/hosts/worker-1/lock"))
                .header("Authorization", "Bearer " + VIEWER_TOKEN));
        assertEquals(403, lock.statusCode());
        assertTrue(lock.body(), lock.body().contains("need the admin role"));
        assertEquals(AdminState.UNLOCKED, agent.host("worker-1").orElseThrow().adminState());
    }

    @Test
    public void groupReadableUsersFileStopsServingNamingIt() throws Exception {
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            HttpResponse<String> r = send("GET", "/mtce/api/hosts", null);
            assertEquals(503, r.statusCode());
            assertTrue(r.body(), r.body().contains(users.toString())
                    && r.body().contains("chmod 600"));
        } finally {
            Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        }
        assertEquals(200, send("GET", "/mtce/api/hosts", null).statusCode());
    }

    @Test
    public void registersOnlyOnTheTargetedWhiteboard() throws Exception {
        configure("(no.such.whiteboard=true)");
        try {
            assertTrue("the API still answers with a target no whiteboard matches",
                    MtceTestSupport.await(() -> statusQuietly("/mtce/api/hosts") == 404, READY_MILLIS));
        } finally {
            configure(null);
        }
        assertTrue("the API did not come back with the target removed",
                MtceTestSupport.await(() -> statusQuietly("/mtce/api/hosts") == 200, READY_MILLIS));
    }

    /** Configures io.mtce.web: the users file in the work directory, and a whiteboard target unless null. */
    private void configure(String target) throws IOException {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration(WEB_PID, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("users.file", users.toString());
        if (target != null) {
            p.put("osgi.http.whiteboard.target", target);
        }
        if (!p.equals(cfg.getProperties() == null ? null : withoutPid(cfg.getProperties()))) {
            cfg.update(p);
        }
    }

    private static Hashtable<String, Object> withoutPid(java.util.Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (String k : java.util.Collections.list(d.keys())) {
            if (!k.equals("service.pid") && !k.startsWith("felix.") && !k.startsWith("service.")) {
                h.put(k, d.get(k));
            }
        }
        return h;
    }

    private HttpResponse<String> sendRaw(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request} as written (the JDK client will not send another Host); returns "HTTP/1.1 NNN". */
    private String statusLine(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port()))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? "" : line.substring(0, Math.min(12, line.length()));
        }
    }

    private String port() {
        return context.getProperty(PORT);
    }

    private String origin() {
        return "http://127.0.0.1:" + port();
    }

    @Test
    public void withoutAnAgentHostCallsAre503() throws Exception {
        unregisterAgent();
        HttpResponse<String> r = send("GET", "/mtce/api/hosts", null);
        assertEquals(503, r.statusCode());
        assertTrue(r.body(), r.body().contains("no agent in this container"));
        HttpResponse<String> snapshot = send("GET", "/mtce/api/snapshot", null);
        assertEquals(200, snapshot.statusCode());
        assertTrue(snapshot.body(), snapshot.body().contains("\"agent\":false"));
    }

    @Test
    public void pageIsServedAsHtmlWithItsScriptAndStyle() throws Exception {
        HttpResponse<String> page = send("GET", "/mtce", null);
        assertEquals(200, page.statusCode());
        assertEquals(uri("/mtce/"), page.uri());
        assertTrue(contentType(page), contentType(page).startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertTrue(contentType(send("GET", "/mtce/app.js", null)).startsWith("text/javascript"));
        assertTrue(contentType(send("GET", "/mtce/app.css", null)).startsWith("text/css"));
        assertEquals(404, send("GET", "/mtce/nothing.js", null).statusCode());
    }

    @Test
    public void transportsAndSnapshotAnswer() throws Exception {
        HttpResponse<String> transports = send("GET", "/mtce/api/transports", null);
        assertEquals(200, transports.statusCode());
        assertTrue(transports.body(), transports.body().startsWith("{\"transports\":["));
        HttpResponse<String> snapshot = send("GET", "/mtce/api/snapshot", null);
        assertEquals(200, snapshot.statusCode());
        assertTrue(snapshot.body(), snapshot.body().contains("\"refreshMillis\":1000"));
        assertTrue(snapshot.body(), snapshot.body().contains("\"agent\":true"));
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int statusQuietly(String path) {
        try {
            return send("GET", path, null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private URI uri(String path) {
        try {
            return new URI("http://127.0.0.1:" + context.getProperty(PORT) + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The jar a test-scoped dependency put on this JVM's class path, found through one of its classes: these
     * bundles are not in target/bundles, so that no other in-container test starts an HTTP server.
     */
    static String testJar(String artifactId, String className) {
        try {
            File jar = new File(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.isFile() || !jar.getName().startsWith(artifactId)) {
                throw new IllegalStateException(className + " comes from " + jar + ", not from the " + artifactId
                        + " jar; run the tests through Maven (itests/pom.xml declares it in test scope)");
            }
            return jar.toURI().toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(artifactId + " is not on the test class path", e);
        }
    }

    /** Two hosts: worker-1 (unlocked) and worker-busy, whose opposite change is still unacknowledged. */
    private static final class FakeAgent implements MaintenanceAgent {
        private final Map<String, HostStatus> hosts = new LinkedHashMap<>();
        private final Set<String> busy = Set.of("worker-busy");

        FakeAgent() {
            for (String name : List.of("worker-1", "worker-busy")) {
                HostSpec spec = new HostSpec(name, "02:00:00:00:00:01", "worker", Map.of(Network.MANAGEMENT,
                        "10.0.0.1"));
                hosts.put(name, new HostStatus(spec, AdminState.UNLOCKED, PendingAction.NONE, false, Map.of(),
                        false));
            }
        }

        @Override
        public synchronized List<HostStatus> hosts() {
            return new ArrayList<>(hosts.values());
        }

        @Override
        public synchronized Optional<HostStatus> host(String name) {
            return Optional.ofNullable(hosts.get(name));
        }

        @Override
        public synchronized HostStatus addHost(HostSpec spec) throws AgentException {
            if (hosts.containsKey(spec.name())) {
                throw new AgentException(Reason.DUPLICATE_HOST, "host '" + spec.name() + "' exists");
            }
            HostStatus added = new HostStatus(spec, AdminState.LOCKED, PendingAction.NONE, null, Map.of(), false);
            hosts.put(spec.name(), added);
            return added;
        }

        @Override
        public synchronized void removeHost(String name) throws AgentException {
            if (hosts.remove(name) == null) {
                throw new AgentException(Reason.UNKNOWN_HOST, "unknown host '" + name + "'");
            }
        }

        @Override
        public HostStatus lock(String name) throws AgentException {
            return change(name, AdminState.LOCKED, PendingAction.LOCK);
        }

        @Override
        public HostStatus unlock(String name) throws AgentException {
            return change(name, AdminState.UNLOCKED, PendingAction.UNLOCK);
        }

        @Override
        public List<Alarm> alarms() {
            return List.of();
        }

        @Override
        public long duplicateAcks() {
            return 0;
        }

        @Override
        public io.mtce.agent.AgentStatistics statistics() {
            return new io.mtce.agent.AgentStatistics(java.time.Instant.EPOCH, 0, 0, Map.of(), 0,
                    io.mtce.agent.LatencyHistogram.empty());
        }

        private synchronized HostStatus change(String name, AdminState admin, PendingAction pending)
                throws AgentException {
            HostStatus h = hosts.get(name);
            if (h == null) {
                throw new AgentException(Reason.UNKNOWN_HOST, "unknown host '" + name + "'");
            }
            if (busy.contains(name)) {
                throw new AgentException(Reason.IN_PROGRESS, "the opposite change of " + name
                        + " is not acknowledged yet");
            }
            HostStatus changed = new HostStatus(h.spec(), admin, pending, h.reportedLocked(), h.networks(), false);
            hosts.put(name, changed);
            return changed;
        }
    }
}
