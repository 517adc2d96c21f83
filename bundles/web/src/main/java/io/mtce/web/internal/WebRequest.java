package io.mtce.web.internal;

import java.util.Locale;

/**
 * One API request, as the servlet adapter (jakarta or javax) read it: the method, the path below
 * {@code /mtce/api}, the headers the guard needs, and the body.
 *
 * @param sessionId the {@value Sessions#COOKIE} cookie, or null
 * @param csrf      the {@value Sessions#CSRF_HEADER} header, or null
 */
public record WebRequest(String method, String path, String host, String origin, String contentType,
        String authorization, String sessionId, String csrf, String body) {
    public static final String SESSION_COOKIE = Sessions.COOKIE;
    public static final String CSRF_HEADER = Sessions.CSRF_HEADER;

    /** Whether the method changes something: everything but GET, HEAD and OPTIONS. */
    boolean changes() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    boolean hasBody() {
        return !body.isEmpty();
    }

    boolean jsonBody() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    /** The value of cookie {@code name} in a Cookie header ({@code a=1; b=2}), or null. */
    public static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }
}
