package io.mtce.web.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Refuses changing requests that a browser would only send on another site's behalf. The API has no login (it is
 * bound to loopback), so a page from elsewhere must not be able to lock a host through the operator's browser:
 * a changing request whose Origin is not this server is refused (403), and a body must be JSON (415), which a
 * plain HTML form cannot send.
 */
final class RequestGuard {

    private RequestGuard() {
    }

    /**
     * @param origin      the Origin header, or null (non-browser clients send none)
     * @param host        the Host header, e.g. {@code 127.0.0.1:8089}
     * @param contentType the Content-Type header, or null
     * @param hasBody     whether the request carries a body
     * @return the refusal, or empty when the request may go on
     */
    static Optional<Reply> check(String method, String origin, String host, String contentType, boolean hasBody) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return Optional.empty();
        }
        if (origin != null && !sameOrigin(origin, host)) {
            return Optional.of(Reply.error(Reply.FORBIDDEN, "cross-origin request refused: Origin " + origin
                    + " is not this server (" + host + ")"));
        }
        if (hasBody && !isJson(contentType)) {
            return Optional.of(Reply.error(Reply.UNSUPPORTED_MEDIA_TYPE, "request body must be application/json,"
                    + " got " + (contentType == null ? "no Content-Type" : contentType)));
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

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }
}
