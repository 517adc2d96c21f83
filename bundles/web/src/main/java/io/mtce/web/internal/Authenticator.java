package io.mtce.web.internal;

import java.util.Optional;

/**
 * Checks an operator's credentials. Two sources: a users file (the container) and a JAAS realm (Karaf); a third
 * is one more implementation.
 */
interface Authenticator {

    /** @return the identity of {@code user} when {@code secret} is its password or token, else empty */
    Optional<Identity> password(String user, String secret);

    /** @return the identity whose token is {@code token}, else empty (a source without tokens: always empty) */
    Optional<Identity> bearer(String token);

    /** @return why no one can log in right now (e.g. an unsafe users file), naming what to fix; else empty */
    Optional<String> unavailable();
}
