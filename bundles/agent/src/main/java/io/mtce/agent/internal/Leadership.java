package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.util.Map;

/**
 * Whether this agent may command the hosts now. A single controller always may; of a controller pair only the one
 * holding the etcd election does ({@link EtcdElection}), and only while its lease is surely still valid.
 */
interface Leadership extends AutoCloseable {

    /** The single controller: always active. */
    Leadership ALONE = new Leadership() {
        @Override
        public boolean mayCommand() {
            return true;
        }

        @Override
        public String self() {
            return "";
        }

        @Override
        public String holder() {
            return "";
        }
    };

    /** Active, and its lease cannot have expired yet: checked before every command and audit. */
    boolean mayCommand();

    /** This controller's name ("" alone). */
    String self();

    /** The active controller's name as last seen ("" when none, or alone). */
    String holder();

    /** The store's endpoints and their health ("" alone). */
    default Map<String, String> endpointHealth() {
        return Map.of();
    }

    /** Calls {@code listener} with true when this agent becomes active, false when it stops being active. */
    default void start(java.util.function.Consumer<Boolean> listener) {
    }

    /** Hands activity over to the other controller on purpose. */
    default void handOver() throws AgentException {
        throw new AgentException(AgentException.Reason.INVALID, "this agent runs alone (inventory=file): there is no"
                + " other controller to hand over to");
    }

    @Override
    default void close() {
    }
}
