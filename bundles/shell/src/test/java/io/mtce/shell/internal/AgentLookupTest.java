package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.health.HealthService;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLookupTest {

    @Test
    void withoutAnAgentOrAHealthServiceItSaysNoneIsConfigured() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentLookup.require(null, null));
        assertEquals("no agent in this container (is io.mtce.agent configured?)", e.getMessage());
    }

    @Test
    void aConfiguredAgentThatFailedIsNamedWithItsFailure() {
        HealthService health = () -> new Health(false, true, "not ready", List.of(new Check(Check.Kind.COMPONENT,
                "io.mtce.agent", false, "failed to activate: inventory file x.json is not valid JSON")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AgentLookup.require(null, health));
        assertEquals("the agent (io.mtce.agent) is configured but not running: failed to activate: inventory file"
                + " x.json is not valid JSON", e.getMessage());
    }
}
