package io.mtce.health;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The container's health at one moment.
 *
 * @param ready  every configured component is active and every transport bound
 * @param live   every event loop ran its last ping in time
 * @param status one line with what is up or failing, as the service manager's STATUS= carries it
 * @param checks every fact, components first, then transports, then loops
 */
public record Health(boolean ready, boolean live, String status, List<Check> checks) {

    public Health {
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
    }

    /** The checks that are not ok. */
    public List<Check> problems() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    /**
     * Why the component configured by {@code pid} is not active, when it is not: e.g. the agent's failure to load a
     * corrupt inventory. Empty when it is active or not configured.
     */
    public Optional<String> componentProblem(String pid) {
        return checks.stream().filter(c -> c.kind() == Check.Kind.COMPONENT && c.name().equals(pid) && !c.ok())
                .map(Check::detail).findFirst();
    }
}
