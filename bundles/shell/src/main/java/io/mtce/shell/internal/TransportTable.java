package io.mtce.shell.internal;

import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The text of {@code mtce:transports}: one tab-separated line per transport, by role then network. */
final class TransportTable {
    private TransportTable() {
    }

    /** @param transports each transport with its service properties (the role comes from {@code mtce.role}) */
    static String format(List<? extends Map.Entry<? extends Map<String, ?>, Transport>> transports) {
        StringBuilder out = new StringBuilder("NETWORK\tROLE\tSTATE\tADDRESS\tREASON");
        transports.stream()
                .map(e -> Map.entry(Role.describe(e.getKey().get(TransportConstants.ROLE)), e.getValue()))
                .sorted(Comparator.comparing((Map.Entry<String, Transport> e) -> e.getKey())
                        .thenComparing(e -> e.getValue().network()))
                .forEach(e -> {
                    Transport t = e.getValue();
                    InetSocketAddress local = t.localAddress();
                    out.append('\n').append(String.join("\t", t.network().wireName(), e.getKey(),
                            t.state().isUp() ? "up" : "down",
                            local == null ? "-" : local.getAddress().getHostAddress() + ":" + local.getPort(),
                            t.state().isUp() ? "-" : t.state().reason()));
                });
        return out.toString();
    }
}
