package io.mtce.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's three files ({@code index.html}, {@code app.js}, {@code app.css} in {@value #RESOURCES}), read
 * once from the bundle: no external URL, no build step.
 */
final class StaticFiles {
    /** Where the page's files are in the bundle: under META-INF, so that bnd does not take the folder for a package. */
    static final String RESOURCES = "/META-INF/resources/mtce/";

    private final Map<String, PageReply> files = Map.of(
            "/", load("index.html", "text/html;charset=utf-8"),
            "/index.html", load("index.html", "text/html;charset=utf-8"),
            "/app.js", load("app.js", "text/javascript;charset=utf-8"),
            "/app.css", load("app.css", "text/css;charset=utf-8"));

    Optional<PageReply> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    private static PageReply load(String name, String contentType) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the bundle");
            }
            return new PageReply(200, contentType, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }
}
