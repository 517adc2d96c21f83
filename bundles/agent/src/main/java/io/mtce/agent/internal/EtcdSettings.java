package io.mtce.agent.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The validated etcd part of the agent configuration (inventory=etcd). Error messages name the key and the value.
 */
record EtcdSettings(List<URI> endpoints, String prefix, Duration timeout, long leaseTtlSeconds, Duration margin,
        String name) {

    EtcdSettings {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd.endpoints must list at least one http://host:port with"
                    + " inventory=etcd");
        }
        endpoints = List.copyOf(endpoints);
        if (!prefix.startsWith("/") || !prefix.endsWith("/") || !prefix.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("etcd.prefix must start and end with '/' and hold printable ASCII"
                    + " only, got '" + prefix + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("etcd.timeout.ms must be greater than 0, got " + timeout.toMillis());
        }
        if (leaseTtlSeconds < 1) {
            throw new IllegalArgumentException("etcd.lease.ttl.s must be at least 1, got " + leaseTtlSeconds);
        }
        if (margin.isNegative() || margin.toMillis() >= leaseTtlSeconds * 1000 / 2) {
            throw new IllegalArgumentException("etcd.lease.margin.ms must be at least 0 and less than half the lease"
                    + " TTL (" + leaseTtlSeconds * 1000 / 2 + " ms), got " + margin.toMillis());
        }
        if (name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("controller.name must be printable ASCII without spaces, got '" + name
                    + "'");
        }
    }

    /** @return the settings when the configuration says inventory=etcd, {@code null} for inventory=file */
    static EtcdSettings from(AgentConfig c) {
        String kind = c.inventory() == null ? "file" : c.inventory().trim().toLowerCase(Locale.ROOT);
        if (kind.equals("file") || kind.isEmpty()) {
            return null;
        }
        if (!kind.equals("etcd")) {
            throw new IllegalArgumentException("inventory must be file or etcd, got '" + c.inventory() + "'");
        }
        String name = c.controller_name() == null || c.controller_name().isBlank() ? localHostName()
                : c.controller_name().trim();
        return new EtcdSettings(endpoints(c.etcd_endpoints()), c.etcd_prefix(), Duration.ofMillis(c.etcd_timeout_ms()),
                c.etcd_lease_ttl_s(), Duration.ofMillis(c.etcd_lease_margin_ms()), name);
    }

    /** Parses endpoints given as several values, comma-separated values, or both. */
    static List<URI> endpoints(String[] values) {
        List<URI> out = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String item : value.split(",")) {
                String text = item.trim();
                if (!text.isEmpty()) {
                    out.add(endpoint(text));
                }
            }
        }
        return out;
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("etcd.endpoints: '" + text + "' is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0
                || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
            throw new IllegalArgumentException("etcd.endpoints: '" + text + "' must be http://host:port (an etcd"
                    + " member's client URL)");
        }
        return URI.create("http://" + uri.getRawAuthority() + "/");
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("controller.name is empty and the host name is unknown: " + e, e);
        }
    }
}
