package io.mtce.web.internal;

/** {@code {"user","role","csrf"}}: who is logged in, and the token its changes carry (null for a bearer token). */
final class SessionJson {
    private SessionJson() {
    }

    static String write(Identity who, String csrf) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("user", who.user());
            g.writeStringField("role", who.role().lower());
            if (csrf == null) {
                g.writeNullField("csrf");
            } else {
                g.writeStringField("csrf", csrf);
            }
            g.writeEndObject();
        });
    }
}
