package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.mtce.itests.wedge.WedgeActivator;
import io.mtce.testing.NotifyReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;

/**
 * The shipped container (bin/mtce) as a {@code Type=notify} service with a watchdog: it tells a socket this test binds
 * (as systemd would, through NOTIFY_SOCKET and WATCHDOG_USEC) READY=1 and its STATUS, keeps the watchdog alive, stops
 * the keep-alives while its agent event loop is wedged and resumes them after, and says STOPPING=1 on SIGTERM; with a
 * corrupt inventory it is never ready, and the shell and the STATUS= line say what is wrong.
 */
public class RuntimeNotifyIT {
    /** Keep-alives every 1 s. */
    private static final String WATCHDOG_USEC = "2000000";

    @Test
    public void readyStatusKeepAlivesWhileLiveAndStopping() throws Exception {
        Path socket = Path.of("/tmp", "mtce-notify-" + UUID.randomUUID().toString().substring(0, 8));
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeNotifyIT.class);
                PrivateLoopback lo = PrivateLoopback.create();
                NotifyReceiver receiver = NotifyReceiver.atPath(socket)) {
            runtime.startThroughBin(lo.prefix(),
                    Map.of("NOTIFY_SOCKET", receiver.env(), "WATCHDOG_USEC", WATCHDOG_USEC));

            List<String> upToReady = until(receiver, d -> d.contains("READY=1"), 60_000);
            String ready = upToReady.get(upToReady.size() - 1);
            assertTrue("READY=1 comes with the status: " + ready,
                    ready.contains("STATUS=ready: agent active, 1 hosts;"));
            assertTrue(ready, ready.contains("client active") && ready.contains("flags active"));
            assertTrue(ready, ready.contains("transports ") && ready.contains("management/agent up"));
            until(receiver, d -> d.contains("WATCHDOG=1"), 5_000);
            until(receiver, d -> d.contains("WATCHDOG=1"), 5_000);

            Path wedge = runtime.home().resolve("deploy/wedge.jar");
            writeWedgeBundle(wedge);
            List<String> toStuck = until(receiver, d -> d.contains("loop agent stuck"), 30_000);
            assertTrue("keep-alives go on until the loop counts as stuck: " + toStuck,
                    toStuck.stream().anyMatch(d -> d.contains("WATCHDOG=1")));
            List<String> whileStuck = all(receiver, 4_000);
            assertTrue("no keep-alive while the agent's loop is wedged: " + whileStuck,
                    whileStuck.stream().noneMatch(d -> d.contains("WATCHDOG=1")));
            List<String> health = runtime.ask("mtce:health", 10_000);
            assertTrue("mtce:health says which loop: " + health,
                    health.stream().anyMatch(l -> l.startsWith("loop\tagent\tFAILED\tstuck")));

            Files.delete(wedge); // the bundle stops, and the task holding the loop returns
            until(receiver, d -> d.contains("WATCHDOG=1"), 10_000);

            assertEquals(143, runtime.terminate(60));
            until(receiver, d -> d.contains("STOPPING=1"), 1_000);
        }
    }

    /**
     * As a service starts it (no terminal on stdin, nothing in MTCE_JAVA_OPTS asking for the shell), bin/mtce stops
     * the start at level 3: the components, the transports and the web server, but not the console tools of level 4.
     */
    @Test
    public void asAServiceTheStartStopsBeforeTheConsoleTools() throws Exception {
        Path socket = Path.of("/tmp", "mtce-notify-" + UUID.randomUUID().toString().substring(0, 8));
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeNotifyIT.class);
                PrivateLoopback lo = PrivateLoopback.create();
                NotifyReceiver receiver = NotifyReceiver.atPath(socket)) {
            runtime.startThroughBin(lo.prefix(), Map.of("NOTIFY_SOCKET", receiver.env(), "MTCE_JAVA_OPTS", ""));

            until(receiver, d -> d.contains("READY=1"), 60_000);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (runtime.count("Started Jetty") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // level 3, the last one a service reaches, is done when Jetty is up
            }
            assertTrue("Jetty (level 3) started:\n" + runtime.output(), runtime.count("Started Jetty") > 0);
            String commandLine = runtime.commandLine();
            assertTrue(commandLine, commandLine.contains("-Dorg.osgi.framework.startlevel.beginning=3"));
            List<String> threads = runtime.threadNames();
            assertTrue("the transports run: " + threads, threads.stream().anyMatch(t -> t.startsWith("mtce-udp-")));
            assertFalse("no Gogo shell without a console: " + threads, threads.contains("Gogo shell"));
            assertEquals(143, runtime.terminate(60));
        }
    }

    @Test
    public void aCorruptInventoryIsNamedByTheShellAndTheStatusAndTheContainerIsNeverReady() throws Exception {
        Path socket = Path.of("/tmp", "mtce-notify-" + UUID.randomUUID().toString().substring(0, 8));
        try (RuntimeHome runtime = RuntimeHome.copyOfBuiltHome(RuntimeNotifyIT.class);
                PrivateLoopback lo = PrivateLoopback.create();
                NotifyReceiver receiver = NotifyReceiver.atPath(socket)) {
            Path inventory = runtime.home().resolve("data/agent/inventory.json");
            Files.createDirectories(inventory.getParent());
            Files.writeString(inventory, "{\"version\":1,\"hosts\":[");
            runtime.startThroughBin(lo.prefix(), Map.of("NOTIFY_SOCKET", receiver.env()));

            String expected = "inventory file " + inventory + " is not valid JSON at line 1";
            List<String> toFailure = until(receiver, d -> d.contains("agent failed to activate"), 60_000);
            String status = toFailure.get(toFailure.size() - 1);
            assertTrue("STATUS= names the file and the error: " + status, status.contains(expected));
            assertTrue(status, status.startsWith("STATUS=not ready: "));
            List<String> hosts = runtime.ask("mtce:hosts", 10_000);
            assertTrue("mtce:hosts says what is wrong, not 'no agent': " + hosts,
                    hosts.stream().anyMatch(l -> l.contains("the agent (io.mtce.agent) is configured but not running")
                            && l.contains(expected)));
            List<String> health = runtime.ask("mtce:health", 10_000);
            assertTrue(health.toString(), health.stream().anyMatch(l -> l.endsWith("ready\tNO")));
            assertTrue(health.toString(), health.stream().anyMatch(l -> l.startsWith("component\tio.mtce.agent\tFAILED")
                    && l.contains(expected)));
            assertFalse("never READY=1: " + toFailure,
                    all(receiver, 3_000).stream().anyMatch(d -> d.contains("READY=1")));
            assertEquals(143, runtime.terminate(60));
        }
    }

    /** Every datagram up to and including the first that {@code matches}; fails when none does in time. */
    private static List<String> until(NotifyReceiver receiver, Predicate<String> matches, long timeoutMillis)
            throws IOException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> d = receiver.receive(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            if (d.isPresent()) {
                seen.add(d.get());
                if (matches.test(d.get())) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no matching datagram within " + timeoutMillis + " ms; received " + seen);
    }

    /** Every datagram received within {@code millis}. */
    private static List<String> all(NotifyReceiver receiver, long millis) throws IOException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long left;
        while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
            receiver.receive(left).ifPresent(seen::add);
        }
        return seen;
    }

    /** A bundle of {@link WedgeActivator} alone, written to a temporary name and then moved into place. */
    private static void writeWedgeBundle(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.mtce.itests.wedge");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", WedgeActivator.class.getName());
        main.putValue("Import-Package", "org.osgi.framework");
        String entry = WedgeActivator.class.getName().replace('.', '/') + ".class";
        Path tmp = jar.resolveSibling("wedge.tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, manifest);
                InputStream in = WedgeActivator.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        Files.move(tmp, jar);
    }
}
