package io.mtce.web.internal;

import io.mtce.agent.MaintenanceAgent;
import io.mtce.flags.NodeLockFlags;
import io.mtce.health.HealthService;
import io.mtce.transport.Transport;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /mtce/api}, on the Servlet Whiteboard. A thin adapter: it bounds and reads the body,
 * applies {@link RequestGuard}, lets {@link ApiRouter} answer, and writes the JSON reply. The agent, the flag files
 * and the transports are optional, as in the shell: without an agent the host calls answer 503.
 */
@Component(service = Servlet.class, configurationPid = WebConfiguration.PID)
@Designate(ocd = WebConfiguration.class)
@HttpWhiteboardServletName("mtce-api")
@HttpWhiteboardServletPattern(ApiRouter.BASE + "/*")
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile MaintenanceAgent agent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodeLockFlags flags;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile HealthService health;

    private final transient List<TransportRow> transports = new CopyOnWriteArrayList<>();

    private final transient ApiRouter router;
    private final int maxBodyBytes;

    @Activate
    public ApiServlet(WebConfiguration config) {
        Clock clock = Clock.systemUTC();
        int refresh = Math.max(200, Math.min(1000, config.refresh_millis()));
        this.maxBodyBytes = Math.max(1024, config.max_body_bytes());
        Supplier<Optional<HealthService>> healthService = () -> Optional.ofNullable(health);
        Supplier<String> noAgent = HealthResource.noAgent(healthService);
        this.router = new ApiRouter(new HostsResource(() -> Optional.ofNullable(agent), clock, noAgent),
                new StatusResource(() -> Optional.ofNullable(agent), () -> List.copyOf(transports),
                        () -> Optional.ofNullable(flags), clock, refresh, noAgent),
                new HealthResource(healthService));
    }

    /** DS bind method of the {@code transports} reference: keeps the service properties, which name its role. */
    @Reference(name = "transports", service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedTransport", unbind = "removeTransport")
    void addTransport(Transport transport, Map<String, Object> properties) {
        transports.add(TransportRow.of(transport, properties));
    }

    /** DS updated method of the {@code transports} reference. */
    void updatedTransport(Transport transport, Map<String, Object> properties) {
        transports.replaceAll(row -> row.transport() == transport ? TransportRow.of(transport, properties) : row);
    }

    /** DS unbind method of the {@code transports} reference. */
    void removeTransport(Transport transport) {
        transports.removeIf(row -> row.transport() == transport);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reply reply;
        try {
            reply = handle(request);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            reply = Reply.error(Reply.INTERNAL_ERROR, "internal error: " + e);
        }
        write(response, reply);
    }

    private Reply handle(HttpServletRequest request) throws IOException {
        String method = request.getMethod();
        if (request.getContentLengthLong() > maxBodyBytes) {
            return tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            return tooLarge();
        }
        Optional<Reply> refused = RequestGuard.check(method, request.getHeader("Origin"),
                request.getHeader("Host"), request.getContentType(), body.length > 0);
        if (refused.isPresent()) {
            return refused.get();
        }
        return router.route(method, request.getPathInfo(), new String(body, StandardCharsets.UTF_8));
    }

    private Reply tooLarge() {
        return Reply.error(Reply.PAYLOAD_TOO_LARGE, "request body is larger than " + maxBodyBytes + " bytes");
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
