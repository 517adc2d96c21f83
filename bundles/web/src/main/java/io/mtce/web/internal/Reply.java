package io.mtce.web.internal;

import java.util.Map;
import java.util.Objects;

/**
 * What an API call answers: an HTTP status, a JSON body and any extra headers (Location, Allow). Built by the
 * resources, written out by {@link ApiServlet}.
 */
public record Reply(int status, String body, Map<String, String> headers) {
    static final int OK = 200;
    static final int CREATED = 201;
    static final int NO_CONTENT = 204;
    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int CONFLICT = 409;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int UNSUPPORTED_MEDIA_TYPE = 415;
    static final int INTERNAL_ERROR = 500;
    static final int UNAVAILABLE = 503;

    public Reply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    static Reply ok(String json) {
        return new Reply(OK, json, Map.of());
    }

    static Reply created(String json, String location) {
        return new Reply(CREATED, json, Map.of("Location", location));
    }

    static Reply noContent() {
        return new Reply(NO_CONTENT, "", Map.of());
    }

    /** The same reply with one more header. */
    Reply with(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more);
    }

    /** {@code {"error": message}} with {@code status}. */
    static Reply error(int status, String message) {
        return new Reply(status, HostJson.error(message), Map.of());
    }

    static Reply methodNotAllowed(String method, String path, String allow) {
        return new Reply(METHOD_NOT_ALLOWED, HostJson.error(method + " is not allowed on " + path + " (allowed: "
                + allow + ")"), Map.of("Allow", allow));
    }
}
