package io.mtce.agent.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The agent transports bound now; DS binds and unbinds them from its own threads. */
final class Transports {
    private final List<Transport> bound = new CopyOnWriteArrayList<>();

    void add(Transport transport) {
        bound.add(transport);
    }

    void remove(Transport transport) {
        bound.remove(transport);
    }

    /** @return an UP transport on {@code network}, or {@code null} */
    Transport up(Network network) {
        for (Transport t : bound) {
            if (t.network() == network && t.state().isUp()) {
                return t;
            }
        }
        return null;
    }

    /** Whether a transport on {@code network} is bound, UP or not: the network is provisioned here. */
    boolean has(Network network) {
        return bound.stream().anyMatch(t -> t.network() == network);
    }
}
