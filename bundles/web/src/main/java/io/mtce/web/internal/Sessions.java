package io.mtce.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The page's logins: a random session id (the HttpOnly cookie) and, bound to it, a random CSRF token that the page
 * receives in the login reply and sends back in {@value #CSRF_HEADER} on every change. A session ends after
 * {@code idle} without a request; at most {@value #MAX} live at once (the least recently used goes first). For HTTP
 * Basic, whose credentials a browser may replay on its own, the token is an HMAC of the user name under a key made
 * at start-up, so that it is bound to that credential and changes with every restart.
 */
final class Sessions {
    static final String COOKIE = "mtce-session";
    static final String CSRF_HEADER = "X-Mtce-Csrf";
    static final int MAX = 256;

    /** One login: who, its CSRF token, and when it was last used. */
    record Session(String id, Identity identity, String csrf, Instant lastUsed) {
    }

    private final SecureRandom random;
    private final Clock clock;
    private final Duration idle;
    private final byte[] key = new byte[32];
    private final Map<String, Session> live = new LinkedHashMap<>(16, 0.75f, true);

    Sessions(SecureRandom random, Clock clock, Duration idle) {
        this.random = random;
        this.clock = clock;
        this.idle = idle;
        random.nextBytes(key);
    }

    synchronized Session open(Identity identity) {
        if (live.size() >= MAX) {
            Iterator<String> eldest = live.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        Session s = new Session(randomToken(), identity, randomToken(), clock.instant());
        live.put(s.id(), s);
        return s;
    }

    /** @return the live session with this id, now marked used; empty when unknown or idle too long */
    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = live.get(id);
        Instant now = clock.instant();
        if (s == null || s.lastUsed().plus(idle).isBefore(now)) {
            live.remove(id);
            return Optional.empty();
        }
        Session used = new Session(s.id(), s.identity(), s.csrf(), now);
        live.put(id, used);
        return Optional.of(used);
    }

    synchronized void close(String id) {
        live.remove(id);
    }

    /** The CSRF token of a Basic-authenticated user. */
    String basicCsrf(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(("basic\0" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static boolean sameToken(String expected, String offered) {
        return offered != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                offered.getBytes(StandardCharsets.UTF_8));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
