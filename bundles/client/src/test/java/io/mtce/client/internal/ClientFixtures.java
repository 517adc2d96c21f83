package io.mtce.client.internal;

import io.mtce.protocol.Network;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/** Settings and addresses shared by the client tests. */
final class ClientFixtures {
    static final String HOST = "worker-1";
    static final String MAC = "02:00:00:00:00:01";
    static final String MGMT_IP = "192.168.204.11";
    static final String CLUSTER_IP = "192.168.206.11";
    static final String PXEBOOT_IP = "169.254.202.11";
    static final InetAddress CONTROLLER_MGMT = ip("192.168.204.2");
    static final InetAddress CONTROLLER0_CLUSTER = ip("192.168.206.3");
    static final InetAddress CONTROLLER1_CLUSTER = ip("192.168.206.4");
    static final InetAddress CONTROLLER0_PXEBOOT = ip("169.254.202.3");

    private ClientFixtures() {
    }

    static ClientSettings settings(long periodMs, long firstDelayMs, boolean legacy) {
        return new ClientSettings(HOST, "worker", MAC, MGMT_IP, CLUSTER_IP, PXEBOOT_IP,
                Map.of(Network.MANAGEMENT, List.of(CONTROLLER_MGMT),
                        Network.CLUSTER_HOST, List.of(CONTROLLER0_CLUSTER, CONTROLLER1_CLUSTER),
                        Network.PXEBOOT, List.of(CONTROLLER0_PXEBOOT)),
                periodMs, firstDelayMs, legacy);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
