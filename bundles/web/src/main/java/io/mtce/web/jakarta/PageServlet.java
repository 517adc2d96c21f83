package io.mtce.web.jakarta;

import io.mtce.web.internal.PageReply;
import io.mtce.web.internal.WebBackend;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The status page at {@code /mtce/} on a jakarta Servlet Whiteboard. {@code /mtce} redirects to {@code /mtce/} so
 * the page's relative URLs ({@code api/snapshot}) resolve. The more specific {@code /mtce/api/*} belongs to
 * {@link ApiServlet}.
 */
@Component(service = Servlet.class, configurationPid = "io.mtce.web")
@HttpWhiteboardServletName("mtce-page")
@HttpWhiteboardServletPattern("/mtce/*")
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient WebBackend backend;

    @Activate
    public PageServlet(@Reference WebBackend backend) {
        this.backend = backend;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        PageReply file = backend.page(request.getHeader("Host"), path);
        response.setStatus(file.status());
        response.setContentType(file.contentType());
        response.setContentLength(file.content().length);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", PageReply.CONTENT_SECURITY_POLICY);
        response.getOutputStream().write(file.content());
    }
}
