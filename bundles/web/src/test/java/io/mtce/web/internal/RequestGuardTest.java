package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules that need no server: same origin, roles, JSON bodies. WebBackendTest runs the whole sequence. */
class RequestGuardTest {
    private static final String HOST = "127.0.0.1:8089";

    private static WebRequest post(String contentType, String body) {
        return new WebRequest("POST", "/hosts", HOST, null, contentType, null, null, null, body);
    }

    @Test
    void sameOriginComparesSchemeLessAuthority() {
        assertTrue(RequestGuard.sameOrigin("http://127.0.0.1:8089", HOST));
        assertTrue(RequestGuard.sameOrigin("http://LOCALHOST:8089", "localhost:8089"));
        assertFalse(RequestGuard.sameOrigin("http://evil.example", HOST));
        assertFalse(RequestGuard.sameOrigin("null", HOST));
        assertFalse(RequestGuard.sameOrigin("http://127.0.0.1:9999", HOST));
    }

    @Test
    void viewersReadAndAdminsChange() {
        Identity viewer = new Identity("ops", OperatorRole.VIEWER);
        WebRequest get = new WebRequest("GET", "/hosts", HOST, null, null, null, null, null, "");
        assertEquals(Optional.empty(), RequestGuard.permitted(get, viewer));
        Reply refused = RequestGuard.permitted(post(null, ""), viewer).orElseThrow();
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("'ops' is a viewer"), refused.body());
        assertEquals(Optional.empty(), RequestGuard.permitted(post(null, ""), new Identity("a", OperatorRole.ADMIN)));
        assertEquals(403, RequestGuard.permitted(get, new Identity("x", OperatorRole.NONE)).orElseThrow().status());
    }

    @Test
    void aBodyMustBeJson() {
        Identity admin = new Identity("a", OperatorRole.ADMIN);
        Reply r = RequestGuard.permitted(post("text/plain", "x"), admin).orElseThrow();
        assertEquals(415, r.status());
        assertTrue(r.body().contains("application/json"));
        assertEquals(415, RequestGuard.permitted(post(null, "x"), admin).orElseThrow().status());
        assertTrue(RequestGuard.permitted(post("application/json; charset=utf-8", "{}"), admin).isEmpty());
    }

    @Test
    void cookiesAreFoundByName() {
        assertEquals("abc", WebRequest.cookie("x=1; mtce-session=abc; y=2", "mtce-session"));
        assertEquals(null, WebRequest.cookie("x=1", "mtce-session"));
        assertEquals(null, WebRequest.cookie(null, "mtce-session"));
    }
}
