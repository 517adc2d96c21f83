package io.mtce.web.internal;

import io.mtce.transport.address.HostNames;
import io.mtce.transport.address.IpLiterals;
import java.net.Inet6Address;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names this server answers to in the Host header. A page on another domain whose name an attacker resolves to
 * this server's address (DNS rebinding) sends that domain as Host, and is refused. Each name is a DNS host name
 * (RFC 1123, the rule the agent applies to host names) or an IP literal, IPv6 in brackets.
 */
final class AllowedHosts {
    static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /**
     * @param configured  comma-separated names, or blank for {@link #LOCAL} and {@code bindAddress}
     * @param bindAddress the address the HTTP server listens on, or null; a wildcard adds nothing
     * @throws IllegalArgumentException naming a configured name that is neither a host name nor an IP literal
     */
    static AllowedHosts of(String configured, String bindAddress) {
        Set<String> names = new LinkedHashSet<>();
        if (configured == null || configured.isBlank()) {
            names.addAll(LOCAL);
            if (bindAddress != null && !bindAddress.isBlank() && !isWildcard(bindAddress.strip())) {
                names.add(normalize("bind address", bindAddress.strip()));
            }
        } else {
            for (String n : configured.split(",")) {
                if (!n.isBlank()) {
                    names.add(normalize("allowed.hosts", n.strip()));
                }
            }
        }
        return new AllowedHosts(names);
    }

    /** @param hostHeader e.g. {@code 127.0.0.1:8089}, {@code [::1]:8089}, {@code localhost}; null is refused */
    boolean allows(String hostHeader) {
        String name = nameOf(hostHeader);
        return name != null && names.contains(name.toLowerCase(Locale.ROOT));
    }

    Set<String> names() {
        return names;
    }

    /** The name part of a Host header or an origin's authority, lower case; null when malformed. */
    static String nameOf(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String a = authority.toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? null : a.substring(0, end + 1);
        }
        int colon = a.indexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]") || address.equals("*");
    }

    private static String normalize(String key, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String bare = n.startsWith("[") && n.endsWith("]") ? n.substring(1, n.length() - 1) : n;
        if (bare.indexOf(':') >= 0 || bare.matches("[0-9.]+")) {
            return IpLiterals.parse(key, bare) instanceof Inet6Address ? "[" + bare + "]" : bare;
        }
        if (!HostNames.isDnsName(n)) {
            throw new IllegalArgumentException(key + ": '" + name + "' is neither a DNS host name (letters, digits"
                    + " and hyphens in dot-separated labels) nor an IP literal");
        }
        return n;
    }
}
