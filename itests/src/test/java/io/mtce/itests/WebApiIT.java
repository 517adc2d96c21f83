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
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The REST API and the page, served by Felix HTTP Jetty inside the framework, with a fake agent registered as the
 * {@link MaintenanceAgent} service (the real agent needs configuration and is not active here). Jetty listens on a
 * free loopback port passed as {@code org.osgi.service.http.port}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebApiIT {
    private static final String PORT = "org.osgi.service.http.port";
    private static final long READY_MILLIS = 20_000;

    @Inject
    private BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private ServiceRegistration<MaintenanceAgent> registration;
    private FakeAgent agent;

    @Configuration
    public Option[] config() throws IOException {
        return options(composite(MtceTestSupport.baseOptions(WebApiIT.class)),
                systemProperty(PORT).value(Integer.toString(freeLoopbackPort())),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                bundle(testJar("org.apache.felix.http.servlet-api", "jakarta.servlet.Servlet")).startLevel(2).start(),
                bundle(testJar("org.apache.felix.http.jetty",
                        "org.apache.felix.http.jetty.internal.JettyActivator")).startLevel(2).start(),
                bundle(testJar("io.mtce.web", "io.mtce.web.internal.ApiServlet")).startLevel(2).start());
    }

    @Before
    public void registerAgent() throws Exception {
        agent = new FakeAgent();
        registration = context.registerService(MaintenanceAgent.class, agent, new Hashtable<>());
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
                .header("Origin", "http://elsewhere.example").POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(403, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(AdminState.UNLOCKED, agent.host("worker-1").orElseThrow().adminState());
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
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
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
    private static String testJar(String artifactId, String className) {
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
