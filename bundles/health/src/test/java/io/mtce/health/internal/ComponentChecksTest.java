package io.mtce.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.health.Check;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class ComponentChecksTest {

    @Test
    void aConfiguredComponentThatFailedToActivateSaysWhyWithoutTheStackTrace() throws Exception {
        ComponentDescriptionDTO agent = description("io.mtce.agent", "require");
        String message = "inventory file /var/lib/mtce/hosts.json is not valid JSON: Unexpected character ('x')";
        ComponentConfigurationDTO failed = instance(ComponentConfigurationDTO.FAILED_ACTIVATION, "io.mtce.agent");
        failed.failure = stackTrace(new InvocationTargetException(new IllegalStateException(message)));

        List<Check> checks = ComponentChecks.of(Map.of(agent, List.of(failed)),
                List.of(new ComponentChecks.Configured("io.mtce.agent", null)));

        assertEquals(List.of(new Check(Check.Kind.COMPONENT, "io.mtce.agent", false, "failed to activate: " + message)),
                checks);
    }

    @Test
    void everyFactoryConfigurationNeedsItsOwnActiveInstance() {
        ComponentDescriptionDTO mgmt = description("io.mtce.transport.mgmt", "require");
        Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components = new LinkedHashMap<>();
        components.put(mgmt, List.of(instance(ComponentConfigurationDTO.ACTIVE, "io.mtce.transport.mgmt~agent")));

        List<Check> checks = ComponentChecks.of(components, List.of(
                new ComponentChecks.Configured("io.mtce.transport.mgmt~agent", "io.mtce.transport.mgmt"),
                new ComponentChecks.Configured("io.mtce.transport.mgmt~client", "io.mtce.transport.mgmt")));

        assertEquals(2, checks.size());
        assertTrue(checks.get(0).ok());
        assertFalse(checks.get(1).ok(), "the client configuration has no instance");
        assertEquals("io.mtce.transport.mgmt~client", checks.get(1).name());
    }

    @Test
    void aConfigurationNoComponentTakesMeansItsBundleIsMissing() {
        List<Check> checks = ComponentChecks.of(Map.of(), List.of(
                new ComponentChecks.Configured("io.mtce.transport.pxeboot~agent", "io.mtce.transport.pxeboot")));

        assertEquals(1, checks.size());
        assertFalse(checks.get(0).ok());
        assertTrue(checks.get(0).detail().contains("no component takes PID io.mtce.transport.pxeboot"),
                checks.get(0).detail());
    }

    @Test
    void anUnconfiguredComponentIsCheckedByNameAndAWaitingOneNamesItsReferences() {
        ComponentDescriptionDTO web = description("io.mtce.web.internal.ApiServlet", "optional");
        ComponentConfigurationDTO waiting = instance(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null);
        UnsatisfiedReferenceDTO ref = new UnsatisfiedReferenceDTO();
        ref.name = "$001";
        ReferenceDTO wanted = new ReferenceDTO();
        wanted.name = "$001";
        wanted.interfaceName = "io.mtce.protocol.MessageCodec";
        web.references = new ReferenceDTO[] {wanted};
        waiting.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {ref};

        List<Check> checks = ComponentChecks.of(Map.of(web, List.of(waiting)), List.of());

        assertEquals(List.of(new Check(Check.Kind.COMPONENT, "io.mtce.web.internal.ApiServlet", false,
                "waiting for MessageCodec")), checks);
        assertTrue(ComponentChecks.of(Map.of(web, List.of(instance(ComponentConfigurationDTO.SATISFIED, null))),
                List.of()).get(0).ok(), "a delayed component nobody uses yet is fine");
    }

    @Test
    void failureTextFallsBackToTheFirstLineWhenNoCauseHasAMessage() {
        assertEquals("java.lang.NullPointerException", FailureText.of(stackTrace(new NullPointerException())));
        assertEquals("no reason given", FailureText.of(null));
    }

    private static ComponentDescriptionDTO description(String name, String policy) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.configurationPolicy = policy;
        d.configurationPid = new String[] {name};
        return d;
    }

    private static ComponentConfigurationDTO instance(int state, String pid) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.properties = pid == null ? Map.of() : Map.of("service.pid", pid);
        return c;
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
