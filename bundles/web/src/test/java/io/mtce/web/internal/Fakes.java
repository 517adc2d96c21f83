package io.mtce.web.internal;

import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.TransportState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Minimal transports and flag files for the status resources. */
final class Fakes {

    private Fakes() {
    }

    /** A transport as its service shows it when its configuration names {@code role}. */
    static TransportRow configured(Network network, Role role, InetSocketAddress local, TransportState state) {
        return TransportRow.of(transport(network, role, local, state),
                Map.of(TransportConstants.ROLE, role.propertyValue()));
    }

    static Transport transport(Network network, Role role, InetSocketAddress local, TransportState state) {
        return new Transport() {
            @Override
            public Network network() {
                return network;
            }

            @Override
            public Role role() {
                return role;
            }

            @Override
            public TransportState state() {
                return state;
            }

            @Override
            public InetSocketAddress localAddress() {
                return local;
            }

            @Override
            public void send(InetAddress peer, ByteBuffer datagram) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void send(InetSocketAddress peer, ByteBuffer datagram) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static NodeLockFlags flags(FlagState state, DesiredLock desired, String lastError) {
        return flags(state, desired, lastError, List.of());
    }

    static NodeLockFlags flags(FlagState state, DesiredLock desired, String lastError, List<String> anomalies) {
        return new NodeLockFlags() {
            @Override
            public void lock(boolean persist) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unlock() {
                throw new UnsupportedOperationException();
            }

            @Override
            public FlagState state() {
                return state;
            }

            @Override
            public DesiredLock desired() {
                return desired;
            }

            @Override
            public boolean volatileFilePresent() {
                return state.volatilePresent();
            }

            @Override
            public Optional<String> lastError() {
                return Optional.ofNullable(lastError);
            }

            @Override
            public List<String> anomalies() {
                return anomalies;
            }
        };
    }
}
