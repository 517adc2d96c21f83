package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportTableTest {

    /** A transport that answers a role whatever its configuration says, as a DOWN one with a bad role does. */
    private record Stub(Network network, TransportState state) implements Transport {
        @Override
        public Role role() {
            return Role.AGENT;
        }

        @Override
        public InetSocketAddress localAddress() {
            return state.isUp() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 2118) : null;
        }

        @Override
        public void send(InetAddress peer, ByteBuffer datagram) {
        }

        @Override
        public void send(InetSocketAddress peer, ByteBuffer datagram) {
        }
    }

    private static Map.Entry<Map<String, Object>, Transport> row(Object role, Transport transport) {
        Map<String, Object> properties = new HashMap<>();
        if (role != null) {
            properties.put("mtce.role", role);
        }
        return Map.entry(properties, transport);
    }

    @Test
    void theRoleIsWhatTheConfigurationNamesNotWhatTheTransportAnswers() {
        String text = TransportTable.format(List.of(
                row("client", new Stub(Network.MANAGEMENT, TransportState.up())),
                row(null, new Stub(Network.CLUSTER_HOST, TransportState.down("mtce.role: missing"))),
                row("boss", new Stub(Network.PXEBOOT, TransportState.down("mtce.role: must be agent or client")))));

        assertEquals(String.join("\n",
                "NETWORK\tROLE\tSTATE\tADDRESS\tREASON",
                "Mgmnt\tclient\tup\t127.0.0.1:2118\t-",
                "Pxeboot\tinvalid\tdown\t-\tmtce.role: must be agent or client",
                "Clstr\tnone\tdown\t-\tmtce.role: missing"), text);
    }
}
