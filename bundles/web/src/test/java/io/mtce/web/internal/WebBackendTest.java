package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

/**
 * Every security rule in sequence, on the backend both servlet adapters call, with a real users file. There is no
 * agent: a request that gets past every check is answered 503 "no agent", which tells it apart from a refusal.
 */
class WebBackendTest {
    private static final String HOST = "127.0.0.1:8089";
    private static final String ORIGIN = "http://" + HOST;
    private static final String ADMIN = "admin-secret-0123456789";
    private static final String VIEWER = "viewer-secret-0123456789";
    private static final Pattern CSRF = Pattern.compile("\"csrf\":\"([^\"]+)\"");

    @TempDir
    Path dir;
    private Path users;
    private WebBackend backend;

    @BeforeEach
    void start() throws IOException {
        users = dir.resolve("mtce-web-users");
        Files.write(users, List.of("root admin " + ADMIN, "ops viewer " + VIEWER), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        backend = new WebBackend(Converters.standardConverter().convert(Map.of("users.file", users.toString()))
                .to(WebConfiguration.class), "127.0.0.1");
    }

    private static WebRequest request(String method, String path, String host, String origin, String authorization,
            String session, String csrf) {
        return new WebRequest(method, path, host, origin, null, authorization, session, csrf, "");
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertPassed(Reply r) {
        assertEquals(503, r.status(), r.body());
        assertTrue(r.body().contains("no agent"), r.body());
    }

    private static String csrf(Reply r) {
        Matcher m = CSRF.matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void withoutCredentials401() {
        Reply r = backend.api(request("GET", "/hosts", HOST, null, null, null, null));
        assertEquals(401, r.status());
        assertEquals(RequestGuard.CHALLENGE, r.headers().get("WWW-Authenticate"));
        assertEquals(401, backend.api(request("GET", "/hosts", HOST, null, bearer("wrong-token-000000000"), null,
                null)).status());
        assertEquals(401, backend.api(request("GET", "/hosts", HOST, null, basic("root", "wrong"), null, null))
                .status());
        assertEquals(401, backend.api(request("GET", "/hosts", HOST, null, null, "no-such-session", null)).status());
        assertPassed(backend.api(request("GET", "/hosts", HOST, null, bearer(VIEWER), null, null)));
    }

    @Test
    void rebindingHost403EvenWithCredentials() {
        Reply r = backend.api(request("POST", "/hosts/h/lock", "evil.example:8089", "http://evil.example:8089",
                bearer(ADMIN), null, null));
        assertEquals(403, r.status());
        assertTrue(r.body().contains("Host 'evil.example:8089' is not a name of this server"), r.body());
        assertEquals(403, backend.page("evil.example:8089", "/").status());
        assertEquals(200, backend.page("localhost:8089", "/app.js").status());
    }

    @Test
    void viewerReadsAdminChanges() {
        assertPassed(backend.api(request("GET", "/hosts", HOST, null, bearer(VIEWER), null, null)));
        Reply refused = backend.api(request("POST", "/hosts/h/lock", HOST, null, bearer(VIEWER), null, null));
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("need the admin role"), refused.body());
        assertEquals(403, backend.api(request("DELETE", "/hosts/h", HOST, null, bearer(VIEWER), null, null))
                .status());
        assertPassed(backend.api(request("POST", "/hosts/h/lock", HOST, null, bearer(ADMIN), null, null)));
    }

    @Test
    void pageSessionChangesNeedItsCsrfToken() {
        Reply login = backend.api(new WebRequest("POST", "/session", HOST, ORIGIN, "application/json", null, null,
                null, "{\"user\":\"root\",\"password\":\"" + ADMIN + "\"}"));
        assertEquals(200, login.status(), login.body());
        String cookie = login.headers().get("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String session = WebRequest.cookie(cookie, "mtce-session");
        String csrf = csrf(login);
        assertPassed(backend.api(request("GET", "/hosts", HOST, null, null, session, null)));
        // a cross-site POST riding on the cookie, without the token: with a foreign Origin, and without any
        Reply crossSite = backend.api(request("POST", "/hosts/h/lock", HOST, "http://evil.example", null, session,
                null));
        assertEquals(403, crossSite.status());
        Reply noOrigin = backend.api(request("POST", "/hosts/h/lock", HOST, null, null, session, null));
        assertEquals(403, noOrigin.status());
        assertTrue(noOrigin.body().contains("missing X-Mtce-Csrf"), noOrigin.body());
        assertEquals(403, backend.api(request("POST", "/hosts/h/lock", HOST, null, null, session, "forged"))
                .status());
        assertEquals(403, backend.api(request("POST", "/hosts/h/lock", HOST, "http://evil.example", null, session,
                csrf)).status());
        assertPassed(backend.api(request("POST", "/hosts/h/lock", HOST, ORIGIN, null, session, csrf)));
        assertEquals(204, backend.api(request("DELETE", "/session", HOST, ORIGIN, null, session, csrf)).status());
        assertEquals(401, backend.api(request("GET", "/hosts", HOST, null, null, session, null)).status());
    }

    @Test
    void loginNeedsSameOriginAndTheRightPassword() {
        String body = "{\"user\":\"root\",\"password\":\"" + ADMIN + "\"}";
        assertEquals(403, backend.api(new WebRequest("POST", "/session", HOST, null, "application/json", null, null,
                null, body)).status());
        assertEquals(403, backend.api(new WebRequest("POST", "/session", HOST, "http://evil.example",
                "application/json", null, null, null, body)).status());
        assertEquals(401, backend.api(new WebRequest("POST", "/session", HOST, ORIGIN, "application/json", null, null,
                null, "{\"user\":\"root\",\"password\":\"nope\"}")).status());
        assertEquals(400, backend.api(new WebRequest("POST", "/session", HOST, ORIGIN, "application/json", null, null,
                null, "{\"user\":1}")).status());
    }

    @Test
    void basicChangesNeedTheTokenOfTheirUserButBearerDoesNot() {
        String auth = basic("root", ADMIN);
        Reply who = backend.api(request("GET", "/session", HOST, null, auth, null, null));
        assertEquals(200, who.status(), who.body());
        assertTrue(who.body().contains("\"user\":\"root\",\"role\":\"admin\""), who.body());
        assertEquals(403, backend.api(request("POST", "/hosts/h/lock", HOST, null, auth, null, null)).status());
        assertPassed(backend.api(request("POST", "/hosts/h/lock", HOST, null, auth, null, csrf(who))));
        Reply viewerToken = backend.api(request("GET", "/session", HOST, null, basic("ops", VIEWER), null, null));
        assertEquals(403, backend.api(request("POST", "/hosts/h/lock", HOST, null, auth, null, csrf(viewerToken)))
                .status(), "a token is bound to its user");
        Reply bearer = backend.api(request("GET", "/session", HOST, null, bearer(ADMIN), null, null));
        assertTrue(bearer.body().contains("\"csrf\":null"), bearer.body());
        assertEquals(403, backend.api(request("POST", "/hosts/h/lock", HOST, "http://evil.example", bearer(ADMIN),
                null, null)).status(), "a cross-site Origin is refused whatever the credential");
    }

    @Test
    void readableUsersFileStopsAllLoginsNamingIt() throws IOException {
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
        Reply r = backend.api(request("GET", "/hosts", HOST, null, bearer(ADMIN), null, null));
        assertEquals(503, r.status());
        assertTrue(r.body().contains(users.toString()) && r.body().contains("chmod 600"), r.body());
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        assertPassed(backend.api(request("GET", "/hosts", HOST, null, bearer(ADMIN), null, null)));
    }

    @Test
    void pageFilesNeedNoLoginButUnknownOnes404() {
        PageReply index = backend.page(HOST, "/");
        assertEquals(200, index.status());
        assertNull(index.error());
        assertEquals(404, backend.page(HOST, "/nothing.js").status());
    }
}
