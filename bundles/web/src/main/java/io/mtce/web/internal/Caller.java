package io.mtce.web.internal;

/**
 * An authenticated request's origin: who, the session (or null), and the CSRF token its changes must carry (null for
 * a bearer token, which a browser never sends on its own).
 */
record Caller(Identity identity, String sessionId, String csrf) {
}
