package io.mtce.shell.internal;

import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.health.HealthService;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mtce:health}: readiness, liveness, the STATUS= line, and every check (what is wrong first). */
@Component(service = HealthCommand.class, property = {"osgi.command.scope=mtce", "osgi.command.function=health"})
public final class HealthCommand {

    @Reference
    private HealthService health;

    @Descriptor("readiness, liveness, the service manager's status line and every check, failed ones first")
    public void health(CommandSession session, @Descriptor("print this help") @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        session.getConsole().println(help ? CommandUsage.of(HealthCommand.class, "mtce", "health")
                : text(health.health()));
    }

    static String text(Health h) {
        StringBuilder out = new StringBuilder();
        out.append("ready\t").append(h.ready() ? "yes" : "NO").append('\n');
        out.append("live\t").append(h.live() ? "yes" : "NO").append('\n');
        out.append("status\t").append(h.status()).append('\n');
        h.checks().stream().sorted((a, b) -> Boolean.compare(a.ok(), b.ok())).forEach(c -> line(out, c));
        return out.toString().stripTrailing();
    }

    private static void line(StringBuilder out, Check c) {
        out.append(c.kind().name().toLowerCase(Locale.ROOT)).append('\t').append(c.name()).append('\t')
                .append(c.ok() ? "ok" : "FAILED").append('\t').append(c.detail()).append('\n');
    }
}
