package io.mtce.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Decides whether an API request may go on, in this order: the Host header must be one of this server's names (403,
 * DNS rebinding); someone must be able to log in at all (503 naming the users file otherwise); the caller must be
 * authenticated (401) by a session cookie, a bearer token or HTTP Basic; a change must come from this server's page
 * or a non-browser client: a cross-site Origin is refused (403), and a session or Basic credential, which a browser
 * sends on its own, must come with its CSRF token in {@value Sessions#CSRF_HEADER} (403, Origin or not); a change
 * needs the admin role (403 for a viewer); a body must be JSON (415), which a plain HTML form cannot send.
 */
final class RequestGuard {
    static final String CHALLENGE = "Bearer realm=\"mtce\"";

    private final AllowedHosts hosts;
    private final Authenticator authenticator;
    private final Sessions sessions;

    RequestGuard(AllowedHosts hosts, Authenticator authenticator, Sessions sessions) {
        this.hosts = hosts;
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    /** The checks that come before authentication: Host, a usable credential source; and for a login, Origin. */
    Optional<Reply> beforeLogin(WebRequest r) {
        if (!hosts.allows(r.host())) {
            return Optional.of(Reply.error(Reply.FORBIDDEN, "Host '" + r.host() + "' is not a name of this server"
                    + " (" + String.join(", ", hosts.names()) + "); add it to allowed.hosts of io.mtce.web if it"
                    + " is one"));
        }
        return authenticator.unavailable().map(why -> Reply.error(Reply.UNAVAILABLE, "login is disabled: " + why));
    }

    /** @return the caller, or the refusal (401 when no credential is offered or it is wrong) */
    Result<Caller> authenticate(WebRequest r) {
        String auth = r.authorization();
        if (auth != null) {
            if (startsWithIgnoringCase(auth, "Bearer ")) {
                return authenticator.bearer(auth.substring(7).strip()).map(i -> Result.of(new Caller(i, null, null)))
                        .orElseGet(() -> unauthorized("the bearer token is not valid"));
            }
            if (startsWithIgnoringCase(auth, "Basic ")) {
                String[] pair = basic(auth.substring(6).strip());
                if (pair == null) {
                    return unauthorized("malformed Basic credentials");
                }
                return authenticator.password(pair[0], pair[1])
                        .map(i -> Result.of(new Caller(i, null, sessions.basicCsrf(i.user()))))
                        .orElseGet(() -> unauthorized("wrong user name or password"));
            }
            return unauthorized("unsupported Authorization scheme (use Bearer or Basic)");
        }
        if (r.sessionId() != null) {
            return sessions.find(r.sessionId()).map(s -> Result.of(new Caller(s.identity(), s.id(), s.csrf())))
                    .orElseGet(() -> unauthorized("the session has ended; log in again"));
        }
        return unauthorized("log in: the page at /mtce/, or an Authorization header (Bearer or Basic)");
    }

    /** The checks of a change by an authenticated caller: same origin, CSRF token, admin role, JSON body. */
    Optional<Reply> mayChange(WebRequest r, Caller caller) {
        if (r.origin() != null && !sameOrigin(r.origin(), r.host())) {
            return Optional.of(Reply.error(Reply.FORBIDDEN, "cross-origin request refused: Origin " + r.origin()
                    + " is not this server (" + r.host() + ")"));
        }
        if (caller.csrf() != null && !Sessions.sameToken(caller.csrf(), r.csrf())) {
            return Optional.of(Reply.error(Reply.FORBIDDEN, (r.csrf() == null ? "missing " : "wrong ")
                    + Sessions.CSRF_HEADER + " header: a change needs the CSRF token that GET " + ApiRouter.BASE
                    + "/session (or the login) gives"));
        }
        return Optional.empty();
    }

    /** Reads need any role, changes the admin role. */
    static Optional<Reply> permitted(WebRequest r, Identity who) {
        if (who.role() == OperatorRole.NONE) {
            return Optional.of(Reply.error(Reply.FORBIDDEN, "user '" + who.user() + "' has no mtce role (viewer or"
                    + " admin)"));
        }
        if (r.changes() && who.role() != OperatorRole.ADMIN) {
            return Optional.of(Reply.error(Reply.FORBIDDEN, "user '" + who.user() + "' is a " + who.role().lower()
                    + ": locking, unlocking, adding and removing hosts need the admin role"));
        }
        if (r.hasBody() && !r.jsonBody()) {
            return Optional.of(Reply.error(Reply.UNSUPPORTED_MEDIA_TYPE, "request body must be application/json,"
                    + " got " + (r.contentType() == null ? "no Content-Type" : r.contentType())));
        }
        return Optional.empty();
    }

    static boolean sameOrigin(String origin, String host) {
        int scheme = origin.indexOf("://");
        if (scheme < 0 || host == null) {
            return false;
        }
        return origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    private static Result<Caller> unauthorized(String why) {
        return Result.refused(Reply.error(Reply.UNAUTHORIZED, why).with("WWW-Authenticate", CHALLENGE));
    }

    private static boolean startsWithIgnoringCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String[] basic(String encoded) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A value, or the reply that refuses the request. */
    record Result<T>(T value, Reply refusal) {
        static <T> Result<T> of(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> refused(Reply refusal) {
            return new Result<>(null, refusal);
        }
    }
}
