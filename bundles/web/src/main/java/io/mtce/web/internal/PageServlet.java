package io.mtce.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The status page at {@code /mtce/}: three static files from the bundle ({@code index.html}, {@code app.js},
 * {@code app.css} in {@value #RESOURCES}); no external URL, no build step. {@code /mtce} redirects to
 * {@code /mtce/} so the page's relative URLs ({@code api/snapshot}) resolve. The more specific {@code /mtce/api/*}
 * belongs to {@link ApiServlet}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("mtce-page")
@HttpWhiteboardServletPattern("/mtce/*")
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Where the page's files are in the bundle: under META-INF, so that bnd does not take the folder for a package. */
    static final String RESOURCES = "/META-INF/resources/mtce/";
    /** The page only loads its own files and talks to its own server. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    private record StaticFile(String contentType, byte[] content) {
    }

    private final transient Map<String, StaticFile> files;

    public PageServlet() {
        files = Map.of(
                "/", load("index.html", "text/html;charset=utf-8"),
                "/index.html", load("index.html", "text/html;charset=utf-8"),
                "/app.js", load("app.js", "text/javascript;charset=utf-8"),
                "/app.css", load("app.css", "text/css;charset=utf-8"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        StaticFile file = files.get(path);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such file: " + path);
            return;
        }
        response.setContentType(file.contentType());
        response.setContentLength(file.content().length);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getOutputStream().write(file.content());
    }

    private static StaticFile load(String name, String contentType) {
        try (InputStream in = PageServlet.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the bundle");
            }
            return new StaticFile(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }
}
