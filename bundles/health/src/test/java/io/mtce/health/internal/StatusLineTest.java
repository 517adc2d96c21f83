package io.mtce.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.health.Check;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    @Test
    void rolesTransportsAndLoopsInOneLine() {
        List<Check> checks = List.of(
                new Check(Check.Kind.COMPONENT, "io.mtce.agent", true, "active"),
                new Check(Check.Kind.COMPONENT, "io.mtce.client", true, "active"),
                new Check(Check.Kind.TRANSPORT, "management/agent", true, "UP"),
                new Check(Check.Kind.TRANSPORT, "pxeboot/agent", false, "DOWN: no such address"),
                new Check(Check.Kind.LOOP, "agent", false, "stuck: a no-op task has waited 12 s for the loop"));

        assertEquals("not ready: agent active, 3 hosts; client active; transports management/agent up, pxeboot/agent"
                + " down; loop agent stuck: a no-op task has waited 12 s for the loop",
                StatusLine.of(false, checks, OptionalInt.of(3)));
    }

    @Test
    void aFailedRoleAndAnyOtherProblemAreNamed() {
        List<Check> checks = List.of(
                new Check(Check.Kind.COMPONENT, "io.mtce.agent", false, "failed to activate: inventory file x: bad"),
                new Check(Check.Kind.COMPONENT, "io.mtce.transport.mgmt~agent", false, "waiting for MessageCodec"));

        assertEquals("not ready: agent failed to activate: inventory file x: bad; io.mtce.transport.mgmt~agent waiting"
                + " for MessageCodec; no transports; loops ok", StatusLine.of(false, checks, OptionalInt.empty()));
    }
}
