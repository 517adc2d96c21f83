package io.mtce.itests;

import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;

/** The real container, started from its assembled home as the README says, shows every mtce bundle Active. */
public class RuntimeContainerIT {
    private static final Set<String> EXPECTED = Set.of("mtce :: protocol", "mtce :: flags", "mtce :: transport",
            "mtce :: transport :: management", "mtce :: transport :: cluster-host", "mtce :: transport :: pxeboot",
            "mtce :: agent", "mtce :: client", "mtce :: shell", "mtce :: web");

    @Test
    public void lbShowsEveryMtceBundleActive() throws Exception {
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeContainerIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            runtime.startWith(lo.prefix());
            boolean allActive = MtceTestSupport.await(
                    () -> activeMtceBundles(runtime.ask("lb", 5_000)).containsAll(EXPECTED), 30_000);
            List<String> out = runtime.output();
            assertTrue("not every mtce bundle became Active; container output:\n" + String.join("\n", out),
                    allActive);
            assertTrue("no bundle may fail to start: " + out,
                    out.stream().noneMatch(l -> l.contains("Error starting") || l.contains("Unable to resolve")));
            // The embedded client's mtcAlive reach the embedded agent, and mtce:stats counts and times them.
            boolean counted = MtceTestSupport.await(() -> handled(runtime.ask("mtce:stats", 5_000)) > 0, 30_000);
            List<String> stats = runtime.ask("mtce:stats", 5_000);
            assertTrue("mtce:stats counts the embedded client's mtcAlive: " + stats, counted);
            assertTrue("every handled message is timed: " + stats,
                    stats.stream().anyMatch(l -> l.startsWith("handling latency (us)")));
            // Closing Gogo's stdin stops the framework; the bnd launcher then exits (with its "stopped" code).
            runtime.stop(20);
            assertTrue("the framework logs its shutdown",
                    runtime.output().stream().anyMatch(l -> l.contains("stopping shell and framework")));
        }
    }

    /** The "handled N" counter of mtce:stats, -1 when absent. */
    private static long handled(List<String> lines) {
        return lines.stream().flatMap(l -> Arrays.stream(l.split("\t"))).filter(f -> f.startsWith("handled "))
                .mapToLong(f -> Long.parseLong(f.substring("handled ".length()).trim())).findFirst().orElse(-1);
    }

    private static Set<String> activeMtceBundles(List<String> lines) {
        // lb rows look like: "    2|Active     |    2|mtce :: protocol (1.0.0.x)|1.0.0.x"
        return lines.stream().map(l -> l.split("\\|")).filter(c -> c.length >= 4)
                .filter(c -> c[1].trim().equals("Active") && c[3].startsWith("mtce :: "))
                .map(c -> c[3].replaceAll(" \\(.*$", "").trim()).collect(Collectors.toCollection(TreeSet::new));
    }
}
