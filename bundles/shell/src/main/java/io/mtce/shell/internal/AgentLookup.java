package io.mtce.shell.internal;

import io.mtce.agent.MaintenanceAgent;
import io.mtce.health.HealthService;
import java.util.Optional;

/** The agent a command needs, or an error saying why there is none: not configured, or why it failed to start. */
final class AgentLookup {
    private AgentLookup() {
    }

    /**
     * @param health the health service, if any: it knows from SCR why a configured agent is not running (e.g. a
     *               corrupt inventory: path and parse error)
     * @throws IllegalStateException when {@code agent} is null, saying why
     */
    static MaintenanceAgent require(MaintenanceAgent agent, HealthService health) {
        if (agent == null) {
            throw new IllegalStateException(Optional.ofNullable(health)
                    .flatMap(h -> h.health().componentProblem("io.mtce.agent"))
                    .map(p -> "the agent (io.mtce.agent) is configured but not running: " + p)
                    .orElse("no agent in this container (is io.mtce.agent configured?)"));
        }
        return agent;
    }
}
