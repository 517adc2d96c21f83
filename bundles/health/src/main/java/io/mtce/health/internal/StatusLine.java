package io.mtce.health.internal;

import io.mtce.health.Check;
import java.util.List;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * The one line the service manager shows (STATUS=), from the checks: e.g. "ready: agent active, 3 hosts; client
 * active; flags active; transports mgmt/agent up, pxeboot/client down; loops ok".
 */
final class StatusLine {
    private static final List<String> ROLES = List.of("io.mtce.agent", "io.mtce.client", "io.mtce.flags");

    private StatusLine() {
    }

    static String of(boolean ready, List<Check> checks, OptionalInt hosts) {
        StringJoiner parts = new StringJoiner("; ", ready ? "ready: " : "not ready: ", "");
        for (String role : ROLES) {
            checks.stream().filter(c -> c.kind() == Check.Kind.COMPONENT && c.name().equals(role)).findFirst()
                    .ifPresent(c -> parts.add(role.substring(ComponentChecks.PREFIX.length())
                            + (c.ok() ? " active" + (role.equals("io.mtce.agent") && hosts.isPresent()
                                    ? ", " + hosts.getAsInt() + " hosts" : "") : " " + c.detail())));
        }
        checks.stream().filter(c -> c.kind() == Check.Kind.COMPONENT && !c.ok() && !ROLES.contains(c.name()))
                .forEach(c -> parts.add(c.name() + " " + c.detail()));
        StringJoiner transports = new StringJoiner(", ", "transports ", "");
        transports.setEmptyValue("no transports");
        checks.stream().filter(c -> c.kind() == Check.Kind.TRANSPORT)
                .forEach(c -> transports.add(c.name() + (c.ok() ? " up" : " down")));
        parts.add(transports.toString());
        List<Check> stuck = checks.stream().filter(c -> c.kind() == Check.Kind.LOOP && !c.ok()).toList();
        if (stuck.isEmpty()) {
            parts.add("loops ok");
        } else {
            stuck.forEach(c -> parts.add("loop " + c.name() + " " + c.detail()));
        }
        return parts.toString();
    }
}
