package io.mtce.transport;

/** Service property names shared by transports and their listeners. */
public final class TransportConstants {

    /**
     * On a {@link Transport}: its network's {@link io.mtce.protocol.Network#key() key}. On a
     * {@link DatagramListener}: optional, the keys of the networks it wants.
     */
    public static final String NETWORK = "mtce.network";
    /** On a {@link Transport}: its role. On a {@link DatagramListener}: required, the role it serves. */
    public static final String ROLE = "mtce.role";

    private TransportConstants() {
    }
}
