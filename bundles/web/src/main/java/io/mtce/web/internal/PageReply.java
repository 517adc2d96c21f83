package io.mtce.web.internal;

import java.nio.charset.StandardCharsets;

/**
 * What the page servlet answers: one of the page's files, or a refusal as JSON ({@code error} set, for 403 and
 * 404).
 */
public record PageReply(int status, String contentType, byte[] content, Reply error) {
    /** The page only loads its own files and talks to its own server. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    static PageReply refused(Reply error) {
        return new PageReply(error.status(), "application/json;charset=utf-8",
                error.body().getBytes(StandardCharsets.UTF_8), error);
    }
}
