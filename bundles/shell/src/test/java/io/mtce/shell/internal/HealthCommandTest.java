package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.health.Check;
import io.mtce.health.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCommandTest {

    @Test
    void saysWhatIsWrongFirst() {
        Health h = new Health(false, true, "not ready: agent FAILED: failed to activate: bad inventory", List.of(
                new Check(Check.Kind.COMPONENT, "io.mtce.client", true, "active"),
                new Check(Check.Kind.COMPONENT, "io.mtce.agent", false, "failed to activate: bad inventory"),
                new Check(Check.Kind.LOOP, "client", true, "responsive")));

        assertEquals("ready\tNO\nlive\tyes\nstatus\tnot ready: agent FAILED: failed to activate: bad inventory\n"
                + "component\tio.mtce.agent\tFAILED\tfailed to activate: bad inventory\n"
                + "component\tio.mtce.client\tok\tactive\n"
                + "loop\tclient\tok\tresponsive", HealthCommand.text(h));
    }
}
