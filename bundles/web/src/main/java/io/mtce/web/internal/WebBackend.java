package io.mtce.web.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.flags.NodeLockFlags;
import io.mtce.health.HealthService;
import io.mtce.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of the web interface that does not depend on a servlet API: the guard, the login, the resources and
 * their services. The jakarta and the javax servlets are thin adapters around {@link #api} and {@link #page}.
 * The agent, the flag files and the transports are optional, as in the shell: without an agent the host calls
 * answer 503.
 */
@Component(service = WebBackend.class, configurationPid = WebConfiguration.PID)
@Designate(ocd = WebConfiguration.class)
public final class WebBackend {
    private static final Logger LOG = LoggerFactory.getLogger(WebBackend.class);
    /** Felix HTTP Jetty's bind address property. */
    static final String BIND_ADDRESS = "org.apache.felix.http.host";
    static final String SESSION_PATH = "/session";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MaintenanceAgent agent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeLockFlags flags;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;

    private final List<TransportRow> transports = new CopyOnWriteArrayList<>();

    private final ApiRouter router;
    private final RequestGuard guard;
    private final Authenticator authenticator;
    private final Sessions sessions;
    private final StaticFiles files = new StaticFiles();
    private final int maxBodyBytes;

    @Activate
    public WebBackend(WebConfiguration config, BundleContext context) {
        this(config, context.getProperty(BIND_ADDRESS));
    }

    /** @param bindAddress the HTTP server's bind address, or null */
    WebBackend(WebConfiguration config, String bindAddress) {
        Clock clock = Clock.systemUTC();
        int refresh = Math.max(200, Math.min(1000, config.refresh_millis()));
        this.maxBodyBytes = Math.max(1024, config.max_body_bytes());
        Supplier<Optional<HealthService>> healthService = () -> Optional.ofNullable(health);
        Supplier<String> noAgent = HealthResource.noAgent(healthService);
        this.router = new ApiRouter(new HostsResource(() -> Optional.ofNullable(agent), clock, noAgent),
                new StatusResource(() -> Optional.ofNullable(agent), () -> List.copyOf(transports),
                        () -> Optional.ofNullable(flags), clock, refresh, noAgent),
                new HealthResource(healthService));
        SecureRandom random = new SecureRandom();
        this.authenticator = authenticator(config, random);
        this.sessions = new Sessions(random, clock, Duration.ofMinutes(Math.max(1, config.session_idle_minutes())));
        AllowedHosts hosts = AllowedHosts.of(config.allowed_hosts(), bindAddress);
        this.guard = new RequestGuard(hosts, authenticator, sessions);
        authenticator.unavailable().ifPresent(why -> LOG.error("Nobody can log in to /mtce: {}", why));
    }

    private static Authenticator authenticator(WebConfiguration config, SecureRandom random) {
        switch (config.auth()) {
            case "file":
                UsersFile file = new UsersFile(Path.of(config.users_file()));
                try {
                    if (config.users_file_create() && file.createIfMissing(random)) {
                        LOG.warn("Created {} (mode 600) with one operator, 'admin' (role admin): log in at /mtce/ as"
                                + " admin with the secret on its last line (also a bearer token for the API)",
                                file.path());
                    }
                } catch (IOException e) {
                    LOG.error("Cannot create the users file {}: {}", file.path(), e.toString());
                }
                return file;
            case "jaas":
                return new JaasAuthenticator(config.jaas_realm(), config.jaas_role_principal_class(),
                        names(config.admin_roles()), names(config.viewer_roles()), null);
            default:
                throw new IllegalArgumentException("auth of " + WebConfiguration.PID + " must be 'file' or 'jaas',"
                        + " got '" + config.auth() + "'");
        }
    }

    private static Set<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
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

    /** Request bodies longer than this are refused with {@link #tooLarge}. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Reply tooLarge() {
        return Reply.error(Reply.PAYLOAD_TOO_LARGE, "request body is larger than " + maxBodyBytes + " bytes");
    }

    /** The reply to a request whose handling threw. */
    public Reply failed(RuntimeException e) {
        return Reply.error(Reply.INTERNAL_ERROR, "internal error: " + e);
    }

    /** Answers one request below {@code /mtce/api}. */
    public Reply api(WebRequest r) {
        Optional<Reply> early = guard.beforeLogin(r);
        if (early.isPresent()) {
            return early.get();
        }
        boolean session = SESSION_PATH.equals(r.path());
        if (session && r.method().equals("POST")) {
            return login(r);
        }
        RequestGuard.Result<Caller> who = guard.authenticate(r);
        if (who.refusal() != null) {
            return who.refusal();
        }
        Caller caller = who.value();
        if (r.changes()) {
            Optional<Reply> refused = guard.mayChange(r, caller);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (session) {
            return switch (r.method()) {
                case "GET" -> Reply.ok(SessionJson.write(caller.identity(), caller.csrf()));
                case "DELETE" -> logout(caller);
                default -> Reply.methodNotAllowed(r.method(), ApiRouter.BASE + SESSION_PATH, "GET, POST, DELETE");
            };
        }
        Optional<Reply> refused = RequestGuard.permitted(r, caller.identity());
        return refused.orElseGet(() -> router.route(r.method(), r.path(), r.body()));
    }

    /**
     * The page's static files: no data in them, so no login (the page asks for one), but the Host check.
     *
     * @param path the path below {@code /mtce}, e.g. {@code /app.js}
     */
    public PageReply page(String host, String path) {
        Optional<Reply> early = guard.beforeLogin(new WebRequest("GET", path, host, null, null, null, null, null,
                ""));
        if (early.isPresent() && early.get().status() == Reply.FORBIDDEN) {
            return PageReply.refused(early.get());
        }
        return files.get(path).orElseGet(() -> PageReply.refused(
                Reply.error(Reply.NOT_FOUND, "no such file: " + path)));
    }

    private Reply login(WebRequest r) {
        if (r.origin() == null || !RequestGuard.sameOrigin(r.origin(), r.host())) {
            return Reply.error(Reply.FORBIDDEN, "a login must come from this server's page (same-origin Origin"
                    + " header); other clients send Authorization: Bearer or Basic with each request");
        }
        if (!r.jsonBody()) {
            return Reply.error(Reply.UNSUPPORTED_MEDIA_TYPE, "a login is application/json {\"user\",\"password\"}");
        }
        String[] credentials;
        try {
            credentials = credentials(r.body());
        } catch (IOException e) {
            return Reply.error(Reply.BAD_REQUEST, "a login is {\"user\":\"…\",\"password\":\"…\"}: " + e.getMessage());
        }
        Optional<Identity> who = authenticator.password(credentials[0], credentials[1]);
        if (who.isEmpty()) {
            return Reply.error(Reply.UNAUTHORIZED, "wrong user name or password");
        }
        if (who.get().role() == OperatorRole.NONE) {
            return Reply.error(Reply.FORBIDDEN, "user '" + credentials[0] + "' has no mtce role (viewer or admin)");
        }
        Sessions.Session s = sessions.open(who.get());
        return Reply.ok(SessionJson.write(s.identity(), s.csrf())).with("Set-Cookie", Sessions.COOKIE + "=" + s.id()
                + "; Path=/mtce; HttpOnly; SameSite=Strict");
    }

    private Reply logout(Caller caller) {
        if (caller.sessionId() != null) {
            sessions.close(caller.sessionId());
        }
        return Reply.noContent().with("Set-Cookie", Sessions.COOKIE + "=; Path=/mtce; HttpOnly; SameSite=Strict;"
                + " Max-Age=0");
    }

    private static String[] credentials(String body) throws IOException {
        String user = null;
        String password = null;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    throw new IOException(field + " must be a string");
                }
                if (field.equals("user")) {
                    user = p.getText();
                } else if (field.equals("password")) {
                    password = p.getText();
                }
            }
        }
        if (user == null || password == null) {
            throw new IOException("user and password are required");
        }
        return new String[] {user, password};
    }
}
