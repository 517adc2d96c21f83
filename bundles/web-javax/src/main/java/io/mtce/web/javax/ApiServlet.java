package io.mtce.web.javax;

import io.mtce.web.internal.Reply;
import io.mtce.web.internal.WebBackend;
import io.mtce.web.internal.WebRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /mtce/api} on a javax HTTP Whiteboard (1.1), e.g. pax-web's: bounds and reads the
 * body, and lets {@link WebBackend} answer. Its configuration (PID {@code io.mtce.web}) becomes its service
 * properties, so that
 * {@code osgi.http.whiteboard.target} there chooses the whiteboard.
 */
@Component(service = Servlet.class, configurationPid = "io.mtce.web", property = {
    "osgi.http.whiteboard.servlet.name=mtce-api",
    "osgi.http.whiteboard.servlet.pattern=/mtce/api/*"})
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient WebBackend backend;

    @Activate
    public ApiServlet(@Reference WebBackend backend) {
        this.backend = backend;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reply reply;
        try {
            reply = handle(request);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            reply = backend.failed(e);
        }
        write(response, reply);
    }

    private Reply handle(HttpServletRequest request) throws IOException {
        int max = backend.maxBodyBytes();
        if (request.getContentLengthLong() > max) {
            return backend.tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes(max + 1);
        if (body.length > max) {
            return backend.tooLarge();
        }
        return backend.api(new WebRequest(request.getMethod(), request.getPathInfo(), request.getHeader("Host"),
                request.getHeader("Origin"), request.getContentType(), request.getHeader("Authorization"),
                WebRequest.cookie(request.getHeader("Cookie"), WebRequest.SESSION_COOKIE),
                request.getHeader(WebRequest.CSRF_HEADER), new String(body, StandardCharsets.UTF_8)));
    }

    private static void write(HttpServletResponse response, Reply reply) throws IOException {
        response.setStatus(reply.status());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.setHeader(h.getKey(), h.getValue());
        }
        if (reply.body().isEmpty()) {
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
