package io.mtce.agent;

import io.mtce.protocol.Network;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A host as the inventory knows it.
 *
 * @param name        the hostname, as the client reports it in mtcAlive
 * @param mgmtMac     the management MAC, written into every command so only that host obeys it; kept in the lower
 *                    case the kernel reports, because the C++ client compares it case-sensitively
 * @param personality controller, worker or storage
 * @param addresses   the host's IP address on each network it is on (IP literals)
 */
public record HostSpec(String name, String mgmtMac, String personality, Map<Network, String> addresses) {
    public HostSpec {
        Objects.requireNonNull(name, "name");
        mgmtMac = Objects.requireNonNull(mgmtMac, "mgmtMac").toLowerCase(Locale.ROOT);
        personality = personality == null ? "" : personality;
        addresses = Map.copyOf(addresses);
    }

    /** @return the host's address on {@code network}, or {@code null} when it has none there */
    public String address(Network network) {
        return addresses.get(network);
    }
}
