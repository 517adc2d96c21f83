package io.mtce.shell.internal;

import io.mtce.agent.AgentException;
import io.mtce.agent.ControllerStatus;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.health.HealthService;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Gogo commands of a controller pair, scope {@code mtce}: {@code mtce:controllers} and {@code mtce:swact}. */
@Component(service = ControllerCommands.class, property = {"osgi.command.scope=mtce",
    "osgi.command.function=controllers", "osgi.command.function=swact"})
public final class ControllerCommands {
    private static final String HELP = "print this help";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MaintenanceAgent agent;

    /** Says why a configured agent is not running (e.g. a corrupt inventory), from SCR. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;

    @Descriptor("this controller, whether it is active, the inventory store and each etcd endpoint's health")
    public void controllers(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        session.getConsole().println(help ? usage("controllers") : text(agent().controllerStatus()));
    }

    @Descriptor("swact: this (active) controller hands activity over to the other one")
    public void swact(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) throws AgentException {
        session.getConsole().println(help ? usage("swact") : "activity handed over\n" + text(agent().swact()));
    }

    private static String usage(String function) {
        return CommandUsage.of(ControllerCommands.class, "mtce", function);
    }

    static String text(ControllerStatus c) {
        StringBuilder out = new StringBuilder();
        if (c.controller().isEmpty()) {
            out.append("single controller (no pair): active\n");
        } else {
            out.append(c.controller()).append(": ").append(c.active() ? "active" : "standby").append(" ; active: ")
                    .append(c.activeController().isEmpty() ? "none" : c.activeController()).append('\n');
        }
        out.append("inventory: ").append(c.inventory()).append('\n');
        for (Map.Entry<String, String> e : new TreeMap<>(c.etcdEndpoints()).entrySet()) {
            out.append("etcd ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        return out.toString();
    }

    private MaintenanceAgent agent() {
        return AgentLookup.require(agent, health);
    }
}
