package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestGuardTest {

    @Test
    void readsAreNeverRefused() {
        assertTrue(RequestGuard.check("GET", "http://evil.example", "127.0.0.1:8089", null, false).isEmpty());
    }

    @Test
    void sameOriginAndNonBrowserClientsMayChange() {
        assertTrue(RequestGuard.check("POST", "http://127.0.0.1:8089", "127.0.0.1:8089", null, false).isEmpty());
        assertTrue(RequestGuard.check("POST", "http://LOCALHOST:8089", "localhost:8089", null, false).isEmpty());
        assertTrue(RequestGuard.check("DELETE", null, "127.0.0.1:8089", null, false).isEmpty());
    }

    @Test
    void anotherOriginIsRefusedWith403() {
        Optional<Reply> r = RequestGuard.check("POST", "http://evil.example", "127.0.0.1:8089", null, false);
        assertEquals(403, r.orElseThrow().status());
        assertTrue(r.get().body().contains("cross-origin request refused"));
        assertEquals(403, RequestGuard.check("POST", "null", "127.0.0.1:8089", null, false).orElseThrow().status());
        assertEquals(403, RequestGuard.check("POST", "http://127.0.0.1:9999", "127.0.0.1:8089", null, false)
                .orElseThrow().status());
    }

    @Test
    void aBodyMustBeJson() {
        Optional<Reply> r = RequestGuard.check("POST", null, "127.0.0.1:8089", "text/plain", true);
        assertEquals(415, r.orElseThrow().status());
        assertTrue(r.get().body().contains("application/json"));
        assertEquals(415, RequestGuard.check("POST", null, "h", null, true).orElseThrow().status());
        assertTrue(RequestGuard.check("POST", null, "h", "application/json; charset=utf-8", true).isEmpty());
    }
}
