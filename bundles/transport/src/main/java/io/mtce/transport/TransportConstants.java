package io.mtce.transport;

import io.mtce.protocol.Network;

/** Service property names and values shared by transports and their listeners. */
public final class TransportConstants {

    /** On a {@link Transport}: its network. On a {@link DatagramListener}: optional, the networks it wants. */
    public static final String NETWORK = "mtce.network";
    /** On a {@link Transport}: its role. On a {@link DatagramListener}: required, the role it serves. */
    public static final String ROLE = "mtce.role";

    public static final String MANAGEMENT = "management";
    public static final String CLUSTER_HOST = "cluster-host";
    public static final String PXEBOOT = "pxeboot";

    private TransportConstants() {
    }

    /** The {@link #NETWORK} property value for {@code network}. */
    public static String networkValue(Network network) {
        return switch (network) {
            case MANAGEMENT -> MANAGEMENT;
            case CLUSTER_HOST -> CLUSTER_HOST;
            case PXEBOOT -> PXEBOOT;
        };
    }
}
