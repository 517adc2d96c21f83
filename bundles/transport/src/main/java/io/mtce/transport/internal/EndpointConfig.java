package io.mtce.transport.internal;

import static io.mtce.transport.udp.UdpTransports.SPEC_DEFAULT;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.address.IpLiterals;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;

/**
 * The validated configuration of one endpoint, parsed from the component properties. Every key is optional except
 * {@link #ROLE}; a value that can never work raises {@link InvalidConfigurationException} naming its key. Whether the
 * address exists on this host is not checked here: that is a bind-time DOWN reason, retried on every recovery tick.
 */
public final class EndpointConfig {

    public static final String ROLE = TransportConstants.ROLE;
    /** IP literal of this host on the network (no host names: no DNS at bind time). */
    public static final String BIND_ADDRESS = "bind.address";
    /** Interface whose address is bound, looked up at every bind attempt; alternative to {@link #BIND_ADDRESS}. */
    public static final String BIND_INTERFACE = "bind.interface";
    /** {@code ipv4} (default) or {@code ipv6}: which address of {@link #BIND_INTERFACE} to bind. */
    public static final String ADDRESS_FAMILY = "address.family";
    /** -1 (default): the spec port of the role and network; 0: any free port. */
    public static final String RX_PORT = "rx.port";
    /** -1 (default): the rx port of the other role on this network. */
    public static final String PEER_PORT = "peer.port";
    /** -1 (default): 4 MiB for the agent, system default for the client; 0: system default. */
    public static final String RCVBUF_BYTES = "rcvbuf.bytes";
    /** SO_REUSEADDR; off by default so that two endpoints on one address and port fail loudly instead of sharing. */
    public static final String REUSE_ADDRESS = "reuse.address";

    /**
     * SO_RCVBUF of the agent's rx sockets: room for a burst of mtcAlive from thousands of hosts while the agent
     * pauses. It is a cap, not memory taken up front.
     */
    public static final int AGENT_RCVBUF_BYTES = 4 << 20;

    private final Network network;
    private final Role role;
    private final InetAddress bindAddress;
    private final String bindInterface;
    private final boolean ipv6;
    private final int rxPort;
    private final int peerPort;
    private final int rcvbufBytes;
    private final boolean reuseAddress;

    private EndpointConfig(Network network, Map<String, ?> p) throws InvalidConfigurationException {
        this.network = network;
        this.role = role(p);
        this.bindAddress = ipLiteral(BIND_ADDRESS, text(p, BIND_ADDRESS));
        this.bindInterface = text(p, BIND_INTERFACE);
        if (bindAddress != null && !bindInterface.isEmpty()) {
            throw new InvalidConfigurationException(BIND_INTERFACE, "set either " + BIND_ADDRESS + " or "
                    + BIND_INTERFACE + ", not both");
        }
        boolean interfaceIpv6 = ipv6(p); // validated even when unused: only bind.interface reads it
        if (interfaceIpv6 && network == Network.PXEBOOT) {
            throw new InvalidConfigurationException(ADDRESS_FAMILY, "the pxeboot network is IPv4 only");
        }
        this.ipv6 = bindAddress != null ? bindAddress instanceof Inet6Address : interfaceIpv6;
        if (ipv6 && network == Network.PXEBOOT) {
            throw new InvalidConfigurationException(BIND_ADDRESS, "the pxeboot network is IPv4 only");
        }
        this.rxPort = integer(p, RX_PORT, SPEC_DEFAULT, SPEC_DEFAULT, 65535);
        this.peerPort = integer(p, PEER_PORT, SPEC_DEFAULT, SPEC_DEFAULT, 65535);
        if (peerPort == 0) {
            throw new InvalidConfigurationException(PEER_PORT, "0 is not a port one can send to");
        }
        this.rcvbufBytes = integer(p, RCVBUF_BYTES, SPEC_DEFAULT, SPEC_DEFAULT, Integer.MAX_VALUE);
        this.reuseAddress = bool(p, REUSE_ADDRESS);
    }

    /** Parses the component properties of a {@code network} transport. */
    public static EndpointConfig parse(Network network, Map<String, ?> properties)
            throws InvalidConfigurationException {
        return new EndpointConfig(network, properties);
    }

    /** The rx port mtc.conf gives {@code role} on {@code network} (spec 2.1). */
    private static int specRxPort(Network network, Role role) {
        return role == Role.AGENT ? network.agentRxPort() : network.clientRxPort();
    }

    public Network network() {
        return network;
    }

    public Role role() {
        return role;
    }

    /** @return the configured address, or {@code null} when {@link #bindInterface()} (or nothing) is set */
    public InetAddress bindAddress() {
        return bindAddress;
    }

    /** @return the configured interface name, empty when none */
    public String bindInterface() {
        return bindInterface;
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** The port to bind: the spec port when unset, 0 for any free port. */
    public int rxPort() {
        return rxPort == SPEC_DEFAULT ? specRxPort(network, role) : rxPort;
    }

    /** Where {@link io.mtce.transport.Transport#send(InetAddress, java.nio.ByteBuffer)} sends to. */
    public int peerPort() {
        return peerPort == SPEC_DEFAULT ? specRxPort(network, role.peer()) : peerPort;
    }

    /** SO_RCVBUF to set, 0 to leave the system default. */
    public int rcvbufBytes() {
        if (rcvbufBytes == SPEC_DEFAULT) {
            return role == Role.AGENT ? AGENT_RCVBUF_BYTES : 0;
        }
        return rcvbufBytes;
    }

    public boolean reuseAddress() {
        return reuseAddress;
    }

    /** {@code management/agent}: how logs and errors name this endpoint. */
    public String name() {
        return network.key() + "/" + role.propertyValue();
    }

    @Override
    public String toString() {
        String where = bindAddress != null ? bindAddress.getHostAddress()
                : bindInterface.isEmpty() ? "(no address)" : bindInterface;
        return name() + " " + where + ":" + rxPort() + " -> peer port " + peerPort();
    }

    /** @return the role in {@code properties}, or {@code null} when it is missing or invalid */
    static Role roleOrNull(Map<String, ?> properties) {
        Object value = properties.get(ROLE);
        return value == null ? null : Role.fromPropertyValue(value.toString().trim());
    }

    private static Role role(Map<String, ?> p) throws InvalidConfigurationException {
        Role role = roleOrNull(p);
        if (role == null) {
            throw new InvalidConfigurationException(ROLE, "must be 'agent' or 'client', was "
                    + (p.get(ROLE) == null ? "missing" : "'" + p.get(ROLE) + "'"));
        }
        return role;
    }

    private static boolean ipv6(Map<String, ?> p) throws InvalidConfigurationException {
        String family = text(p, ADDRESS_FAMILY);
        if (family.isEmpty() || family.equalsIgnoreCase("ipv4")) {
            return false;
        }
        if (family.equalsIgnoreCase("ipv6")) {
            return true;
        }
        throw new InvalidConfigurationException(ADDRESS_FAMILY, "must be 'ipv4' or 'ipv6', was '" + family + "'");
    }

    /** Parses an IPv4 or IPv6 literal without ever resolving a host name; "" means none. */
    static InetAddress ipLiteral(String key, String text) throws InvalidConfigurationException {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return IpLiterals.parse(key, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, "'" + text + "' is not an IPv4 or IPv6 address literal");
        }
    }

    private static String text(Map<String, ?> p, String key) {
        Object value = p.get(key);
        return value == null ? "" : value.toString().trim();
    }

    private static int integer(Map<String, ?> p, String key, int dflt, int min, int max)
            throws InvalidConfigurationException {
        Object value = p.get(key);
        if (value == null || value.toString().isBlank()) {
            return dflt;
        }
        long n;
        try {
            n = value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(key, "'" + value + "' is not a number");
        }
        if (n < min || n > max) {
            throw new InvalidConfigurationException(key, n + " is out of range " + min + ".." + max);
        }
        return (int) n;
    }

    private static boolean bool(Map<String, ?> p, String key) throws InvalidConfigurationException {
        Object value = p.get(key);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidConfigurationException(key, "must be true or false, was '" + text + "'");
    }
}
