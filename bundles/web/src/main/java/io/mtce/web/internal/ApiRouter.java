package io.mtce.web.internal;

import java.util.List;
import java.util.Optional;

/**
 * Maps a method and a path below {@code /mtce/api} to a resource call: 404 for an unknown path, 405 (with Allow)
 * for a known path and a method it does not take.
 */
final class ApiRouter {
    static final String BASE = "/mtce/api";

    private final HostsResource hosts;
    private final StatusResource status;
    private final HealthResource health;

    ApiRouter(HostsResource hosts, StatusResource status) {
        this(hosts, status, new HealthResource(Optional::empty));
    }

    ApiRouter(HostsResource hosts, StatusResource status, HealthResource health) {
        this.hosts = hosts;
        this.status = status;
        this.health = health;
    }

    /**
     * @param method the HTTP method
     * @param path   the path below {@code /mtce/api}, decoded, e.g. {@code /hosts/worker-1/lock}; null for none
     * @param body   the request body, empty when there is none
     */
    Reply route(String method, String path, String body) {
        List<String> s = segments(path);
        String where = BASE + (path == null ? "" : path);
        if (s.size() == 1) {
            switch (s.get(0)) {
                case "hosts":
                    return switch (method) {
                        case "GET" -> hosts.list();
                        case "POST" -> hosts.add(body);
                        default -> Reply.methodNotAllowed(method, where, "GET, POST");
                    };
                case "transports":
                    return "GET".equals(method) ? status.transports() : Reply.methodNotAllowed(method, where, "GET");
                case "flags":
                    return "GET".equals(method) ? status.flags() : Reply.methodNotAllowed(method, where, "GET");
                case "stats":
                    return "GET".equals(method) ? status.statistics() : Reply.methodNotAllowed(method, where, "GET");
                case "snapshot":
                    return "GET".equals(method) ? status.snapshot() : Reply.methodNotAllowed(method, where, "GET");
                case "health":
                    return "GET".equals(method) ? health.health() : Reply.methodNotAllowed(method, where, "GET");
                case "controllers":
                    return "GET".equals(method) ? status.controllers() : Reply.methodNotAllowed(method, where, "GET");
                case "swact":
                    return "POST".equals(method) ? hosts.swact() : Reply.methodNotAllowed(method, where, "POST");
                default:
                    break;
            }
        } else if (s.size() == 2 && s.get(0).equals("hosts")) {
            return switch (method) {
                case "GET" -> hosts.get(s.get(1));
                case "DELETE" -> hosts.remove(s.get(1));
                default -> Reply.methodNotAllowed(method, where, "GET, DELETE");
            };
        } else if (s.size() == 2 && s.get(0).equals("health") && s.get(1).matches("ready|live")) {
            if (!"GET".equals(method)) {
                return Reply.methodNotAllowed(method, where, "GET");
            }
            return s.get(1).equals("ready") ? health.ready() : health.live();
        } else if (s.size() == 3 && s.get(0).equals("hosts") && isAction(s.get(2))) {
            if (!"POST".equals(method)) {
                return Reply.methodNotAllowed(method, where, "POST");
            }
            return s.get(2).equals("lock") ? hosts.lock(s.get(1)) : hosts.unlock(s.get(1));
        }
        return Reply.error(Reply.NOT_FOUND, "no such resource: " + where + " (try " + BASE + "/hosts, "
                + BASE + "/transports, " + BASE + "/flags, " + BASE + "/stats, " + BASE + "/snapshot or " + BASE
                + "/health)");
    }

    private static boolean isAction(String segment) {
        return segment.equals("lock") || segment.equals("unlock");
    }

    /** "/hosts/worker-1/" → [hosts, worker-1]; empty segments other than a trailing one make the path unknown. */
    private static List<String> segments(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return List.of();
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> parts = List.of(p.split("/", -1));
        return parts.contains("") ? List.of() : parts;
    }
}
