package io.mtce.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.Test;

/**
 * The real container's deploy/ folder: the pxeboot transport jar dropped in becomes two live transports that carry
 * the client's mtcAlive to the agent, and removing it withdraws them, with no restart.
 */
public class RuntimeDeployIT {
    private static final String JAR = "io.mtce.transport.pxeboot.jar";

    @Test
    public void dropStartCarryRemove() throws Exception {
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeDeployIT.class);
                PrivateLoopback lo = PrivateLoopback.create()) {
            Path deploy = runtime.home().resolve("deploy");
            Path aside = Files.move(deploy.resolve(JAR), runtime.home().resolve(JAR));
            runtime.startWith(lo.prefix());
            assertTrue("management and cluster-host transports up without pxeboot",
                    MtceTestSupport.await(() -> upTransports(runtime) == 4, 30_000));

            // Atomic drop: FileInstall only sees a complete jar.
            Path partial = deploy.resolve(JAR + ".part");
            Files.copy(aside, partial);
            Files.move(partial, deploy.resolve(JAR), StandardCopyOption.ATOMIC_MOVE);
            assertTrue("pxeboot transports (agent and client) up after the drop",
                    MtceTestSupport.await(() -> upTransports(runtime) == 6, 30_000));
            assertTrue("the bundle is ACTIVE", MtceTestSupport.await(() -> {
                command(runtime, "lb");
                return runtime.output().stream()
                        .anyMatch(l -> l.contains("|Active") && l.contains("mtce :: transport :: pxeboot"));
            }, 10_000));
            assertTrue("the client's mtcAlive reaches the agent over the new pxeboot transport",
                    MtceTestSupport.await(() -> runtime.count("mtcAlive received from Pxeboot network") > 0, 15_000));

            Files.delete(deploy.resolve(JAR));
            assertTrue("removing the jar withdraws both pxeboot transports",
                    MtceTestSupport.await(() -> upTransports(runtime) == 4, 30_000));
            assertTrue(runtime.count("pxeboot/agent transport stopped") > 0);
        }
    }

    /** Runs mtce:transports and counts the "up" rows of its latest answer. */
    private static int upTransports(RuntimeHome runtime) {
        command(runtime, "mtce:transports");
        List<String> out = runtime.output();
        int header = -1;
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i).contains("NETWORK\tROLE\tSTATE")) {
                header = i;
                break;
            }
        }
        int up = 0;
        for (int i = header + 1; header >= 0 && i < out.size() && out.get(i).split("\t").length >= 4; i++) {
            if (out.get(i).split("\t")[2].equals("up")) {
                up++;
            }
        }
        return up;
    }

    private static void command(RuntimeHome runtime, String line) {
        try {
            runtime.command(line);
        } catch (Exception e) {
            throw new IllegalStateException("cannot talk to the container's shell", e);
        }
    }
}
