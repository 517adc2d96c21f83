package io.mtce.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            assertTrue("the bundle is ACTIVE", MtceTestSupport.await(() -> runtime.ask("lb", 5_000).stream()
                    .anyMatch(l -> l.contains("|Active") && l.contains("mtce :: transport :: pxeboot")), 10_000));
            assertTrue("the client's mtcAlive reaches the agent over the new pxeboot transport",
                    MtceTestSupport.await(() -> runtime.count("mtcAlive received from Pxeboot network") > 0, 15_000));

            Files.delete(deploy.resolve(JAR));
            assertTrue("removing the jar withdraws both pxeboot transports",
                    MtceTestSupport.await(() -> upTransports(runtime) == 4, 30_000));
            assertTrue(runtime.count("pxeboot/agent transport stopped") > 0);
        }
    }

    /** Counts the "up" rows in a fresh answer to mtce:transports. */
    private static int upTransports(RuntimeHome runtime) {
        int up = 0;
        for (String line : runtime.ask("mtce:transports", 5_000)) {
            String[] cols = line.split("\t");
            if (cols.length >= 4 && cols[2].equals("up")) {
                up++;
            }
        }
        return up;
    }
}
