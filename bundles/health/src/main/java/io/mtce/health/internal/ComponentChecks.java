package io.mtce.health.internal;

import io.mtce.health.Check;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;

/**
 * Which components must be active, and are they. The rule: every enabled component of an mtce bundle that needs no
 * configuration, and, for each configuration in Config Admin whose PID (or factory PID) starts with {@code io.mtce.},
 * every component that takes that PID, must have an instance that is ACTIVE (or SATISFIED: a delayed service nobody
 * uses yet). A configuration no component takes is a problem too: its bundle is missing (e.g. not yet deployed).
 */
final class ComponentChecks {
    static final String PREFIX = "io.mtce.";

    /** A configuration in Config Admin. */
    record Configured(String pid, String factoryPid) {
        String componentPid() {
            return factoryPid != null ? factoryPid : pid;
        }
    }

    private ComponentChecks() {
    }

    /**
     * @param components the enabled component descriptions of the mtce bundles, each with its instances
     * @param configured the io.mtce.* configurations
     */
    static List<Check> of(Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components,
            Collection<Configured> configured) {
        List<Check> checks = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Map.Entry<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> e : components.entrySet()) {
            ComponentDescriptionDTO d = e.getKey();
            Collection<ComponentConfigurationDTO> instances = e.getValue();
            boolean require = "require".equals(d.configurationPolicy);
            if (!require) {
                checks.add(instances.isEmpty() ? new Check(Check.Kind.COMPONENT, d.name, false, "not started yet")
                        : check(d, d.name, instances.iterator().next()));
            }
            List<String> pids = d.configurationPid == null ? List.of(d.name) : Arrays.asList(d.configurationPid);
            for (Configured c : configured) {
                if (!pids.contains(c.componentPid())) {
                    continue;
                }
                taken.add(c.pid());
                if (require) {
                    checks.add(instances.stream().filter(i -> servicePids(i).contains(c.pid())).findFirst()
                            .map(i -> check(d, c.pid(), i))
                            .orElseGet(() -> new Check(Check.Kind.COMPONENT, c.pid(), false,
                                    "configured; no instance of " + d.name + " yet")));
                }
            }
        }
        for (Configured c : configured) {
            if (!taken.contains(c.pid())) {
                checks.add(new Check(Check.Kind.COMPONENT, c.pid(), false, "configured, but no component takes PID "
                        + c.componentPid() + " (is its bundle installed and started?)"));
            }
        }
        checks.sort((a, b) -> a.name().compareTo(b.name()));
        return checks;
    }

    static Check check(ComponentDescriptionDTO d, String name, ComponentConfigurationDTO instance) {
        return switch (instance.state) {
            case ComponentConfigurationDTO.ACTIVE -> new Check(Check.Kind.COMPONENT, name, true, "active");
            case ComponentConfigurationDTO.SATISFIED -> new Check(Check.Kind.COMPONENT, name, true, "satisfied");
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> new Check(Check.Kind.COMPONENT, name, false,
                    "failed to activate: " + FailureText.of(instance.failure));
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> new Check(Check.Kind.COMPONENT, name, false,
                    "waiting for " + Arrays.stream(instance.unsatisfiedReferences).map(r -> service(d, r.name)
                            + (r.target == null ? "" : " " + r.target)).collect(Collectors.joining(", ")));
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> new Check(Check.Kind.COMPONENT, name, false,
                    "waiting for its configuration");
            default -> new Check(Check.Kind.COMPONENT, name, false, "in state " + instance.state);
        };
    }

    /** The service a reference wants, by its simple name: constructor references are named $000, $001... */
    private static String service(ComponentDescriptionDTO d, String reference) {
        if (d.references != null) {
            for (ReferenceDTO r : d.references) {
                if (reference.equals(r.name) && r.interfaceName != null) {
                    return r.interfaceName.substring(r.interfaceName.lastIndexOf('.') + 1);
                }
            }
        }
        return reference;
    }

    /** The PIDs an instance was configured from: SCR's service.pid is a string, or a list for several PIDs. */
    private static Set<String> servicePids(ComponentConfigurationDTO instance) {
        Object pid = instance.properties == null ? null : instance.properties.get("service.pid");
        Set<String> out = new HashSet<>();
        if (pid instanceof String s) {
            out.add(s);
        } else if (pid instanceof Collection<?> c) {
            c.forEach(p -> out.add(String.valueOf(p)));
        } else if (pid != null && pid.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(pid); i++) {
                out.add(String.valueOf(Array.get(pid, i)));
            }
        }
        return out;
    }
}
