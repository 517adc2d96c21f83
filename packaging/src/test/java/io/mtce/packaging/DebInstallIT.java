package io.mtce.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package installed with dpkg into a scratch root, never into this machine: its files, owners and modes, the class
 * data archive postinst makes, the worker profile started as its unit's ExecStart starts it (paths relocated into
 * the scratch root, ports ephemeral, /usr and /etc read-only, root without capabilities), an upgrade that keeps an
 * edited conffile, and a purge that keeps the lock state.
 */
class DebInstallIT {
    private static final DebArchive DEB = DebArchive.built();
    /** What this machine has at the package's paths before the tests; they must leave it as it was. */
    private static final List<Path> HOST_PATHS = List.of(Path.of("/etc/mtce"), Path.of("/usr/share/mtce"),
            Path.of("/var/lib/mtce"), Path.of("/var/log/mtce"), Path.of("/lib/systemd/system/mtce-client.service"));
    private static final Map<Path, Boolean> HOST_BEFORE = new HashMap<>();

    @BeforeAll
    static void noteTheHost() {
        HOST_PATHS.forEach(p -> HOST_BEFORE.put(p, Files.exists(p)));
    }

    @AfterAll
    static void theHostIsUntouched() {
        HOST_PATHS.forEach(p -> assertEquals(HOST_BEFORE.get(p), Files.exists(p), p + " changed on this machine"));
    }

    @Test
    void installsTheFhsLayoutAndTheWorkerProfileRunsAsItsUnitStartsItWithoutCapabilities() throws Exception {
        ScratchRoot root = new ScratchRoot(freshDir("install-and-run"));
        root.dpkg("-i", DEB.path().toString()).ok();
        assertEquals("install ok installed " + DEB.field("Version"), root.status());

        assertMode(root.path("/usr/share/mtce/bin/mtce"), "rwxr-xr-x", "root", "root");
        assertMode(root.path("/var/lib/mtce"), "rwxr-x---", "root", "root");
        assertMode(root.path("/var/log/mtce"), "rwxr-x---", "root", "adm");
        assertTrue((int) Files.getAttribute(root.path("/var/log/mtce"), "unix:mode") % 010000 >= 02000,
                "/var/log/mtce is not setgid: new logs would not be group adm's");
        assertMode(root.path("/etc/mtce/worker/io.mtce.flags.cfg"), "rw-r--r--", "root", "root");
        assertTrue(Files.isRegularFile(root.path("/lib/systemd/system/mtce-client.service")));
        // postinst ran bin/mtce --prepare for this JDK
        assertTrue(Files.size(root.path("/usr/share/mtce/lib/mtce.jsa")) > 1_000_000, "no class-data archive");
        assertTrue(Files.isRegularFile(root.path("/usr/share/mtce/lib/mtce.jsa.id")));

        // The operator's part: this host's identity and addresses, here loopback and ephemeral ports; the flag files
        // inside the scratch root instead of /var/run and /var/persist.
        try (DatagramSocket agent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            agent.setSoTimeout(60_000);
            configureWorker(root, agent.getLocalPort());
            // A locked host's backup flag: the client restores the volatile one at start, a write of its own.
            Files.writeString(root.path("/var/persist/mtc/.node_locked"), "");
            Instant started = Instant.now();
            Process client = startAsTheUnitDoes(root, "mtce-client.service");
            try {
                String alive = receiveFrom(agent, "worker-0");
                assertTrue(alive.contains("worker-0"), alive);
                assertEquals("0000000000000000", capabilities(client), "the client had capabilities");
                assertTrue(Files.exists(root.path("/run/.node_locked")), "the volatile flag was not restored");
                String log = awaitLog(root, "client role listening");
                assertTrue(log.contains("worker-0 client role listening"), log);
                assertFalse(log.contains("agent role"), "a worker runs no agent:\n" + log);
                assertTrue(Files.isDirectory(root.path("/var/lib/mtce/felix-cache")), "framework cache not in state");
            } finally {
                Instant stopping = Instant.now();
                client.destroy(); // SIGTERM, as systemctl stop sends
                assertTrue(client.waitFor(20, TimeUnit.SECONDS), "the client did not stop within 20 s of SIGTERM");
                System.out.println("worker: SIGTERM to exit " + Duration.between(stopping, Instant.now()).toMillis()
                        + " ms, exit code " + client.exitValue());
                assertTrue(List.of(0, 143).contains(client.exitValue()), "exit code " + client.exitValue());
            }
            // The program's directory stays as installed: a read-only /usr (ProtectSystem=strict) suffices.
            assertEquals(List.of(), changedSince(root.path("/usr/share/mtce"), started));
            assertFalse(Files.exists(root.path("/usr/share/mtce/data")));
        }
    }

    @Test
    void theControllerProfileRunsTheAgentAndAClientThatReportToIt() throws Exception {
        ScratchRoot root = new ScratchRoot(freshDir("controller"));
        root.dpkg("-i", DEB.path().toString()).ok();
        configureController(root);
        Process container = startAsTheUnitDoes(root, "mtce-agent.service");
        try {
            String log = awaitLog(root, "controller-0 mtcAlive received from Mgmnt network");
            assertTrue(log.contains("agent role started with 1 host(s)"), log);
            assertTrue(log.contains("controller-0 client role listening"), log);
            assertTrue(Files.isRegularFile(root.path("/var/lib/mtce/agent/inventory.json")), "no inventory in state");
        } finally {
            container.destroy();
            assertTrue(container.waitFor(20, TimeUnit.SECONDS), "the container did not stop within 20 s of SIGTERM");
            assertTrue(List.of(0, 143).contains(container.exitValue()), "exit code " + container.exitValue());
        }
    }

    @Test
    void anEditedConffileSurvivesAnUpgradeAndPurgeKeepsOnlyTheLockState() throws Exception {
        Path work = freshDir("upgrade-and-purge");
        ScratchRoot root = new ScratchRoot(work.resolve("root"));
        root.dpkg("-i", DEB.path().toString()).ok();
        Path edited = root.path("/etc/mtce/worker/io.mtce.client.cfg");
        Files.writeString(edited, Files.readString(edited).replace("hostname =\n", "hostname = worker-7\n"));
        String operatorsText = Files.readString(edited);

        // The next version: same files but a changed comment in a conffile the operator did not edit.
        Path tree = work.resolve("next");
        Exec.run(List.of("dpkg-deb", "-R", DEB.path().toString(), tree.toString())).ok();
        String version = DEB.field("Version") + "+1";
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path auth = tree.resolve("etc/mtce/worker/io.mtce.auth.cfg");
        Files.writeString(auth, Files.readString(auth) + "# changed in " + version + "\n");
        Path next = work.resolve("mtce_" + version + "_all.deb");
        Exec.run(List.of("dpkg-deb", "--root-owner-group", "-b", tree.toString(), next.toString())).ok();

        Exec.Result upgrade = root.dpkg("-i", next.toString()).ok(); // no --force-conf*: a prompt would fail here
        assertEquals("install ok installed " + version, root.status());
        assertEquals(operatorsText, Files.readString(edited), "the operator's edit was lost:\n" + upgrade.output());
        assertTrue(Files.readString(root.path("/etc/mtce/worker/io.mtce.auth.cfg")).contains("# changed in " + version),
                "an unedited conffile was not upgraded");
        try (Stream<Path> etc = Files.walk(root.path("/etc/mtce"))) {
            assertEquals(List.of(), etc.filter(p -> p.toString().contains(".dpkg-")).toList());
        }
        assertTrue(Files.isRegularFile(root.path("/usr/share/mtce/lib/mtce.jsa")), "no archive for the new jar");

        // State of a running host: a locked node's backup flag, an inventory, a log.
        Path flag = root.path("/var/persist/mtc/.node_locked");
        Files.writeString(flag, "");
        Files.createDirectories(root.path("/var/lib/mtce/agent"));
        Files.writeString(root.path("/var/lib/mtce/agent/inventory.json"), "{}");
        Files.writeString(root.path("/var/log/mtce/mtcClient.log"), "a line\n");

        root.dpkg("-r", "mtce").ok();
        assertEquals("deinstall ok config-files " + version, root.status());
        assertFalse(Files.exists(root.path("/usr/share/mtce")), "the program (or its archive) stayed after remove");
        assertEquals(operatorsText, Files.readString(edited), "remove must keep the configuration");

        root.dpkg("-P", "mtce").ok();
        assertEquals("", root.status());
        for (String gone : List.of("/etc/mtce", "/var/lib/mtce", "/var/log/mtce", "/usr/share/mtce",
                "/lib/systemd/system/mtce-client.service")) {
            assertFalse(Files.exists(root.path(gone)), gone + " is left after purge");
        }
        assertTrue(Files.exists(flag), "purge removed the host's lock state");
    }

    /** Fills in the worker profile as README tells an operator to, on loopback with ephemeral ports. */
    private static void configureWorker(ScratchRoot root, int agentPort) throws IOException {
        Path etc = root.path("/etc/mtce/worker");
        edit(etc.resolve("io.mtce.client.cfg"), Map.of("hostname", "worker-0", "mgmt.mac", "02:00:00:00:00:10",
                "mgmt.ip", "127.0.0.1", "controller.mgmt", "127.0.0.1", "controller.cluster", "127.0.0.1",
                "controller.pxeboot", "127.0.0.1"));
        for (String network : List.of("mgmt", "cluster", "pxeboot")) {
            Path cfg = etc.resolve("io.mtce.transport." + network + "-client.cfg");
            edit(cfg, Map.of("bind.address", "127.0.0.1"));
            Files.writeString(cfg, Files.readString(cfg) + "rx.port = " + freePort() + "\npeer.port = "
                    + (network.equals("mgmt") ? agentPort : freePort()) + "\n");
        }
        relocateFlags(root, etc);
    }

    /**
     * Fills in the controller profile on loopback: one host, controller-0, in the inventory's seed; on each network the
     * agent and the client on ephemeral ports, each the other's peer.
     */
    private static void configureController(ScratchRoot root) throws IOException {
        Path etc = root.path("/etc/mtce/controller");
        edit(etc.resolve("io.mtce.client.cfg"), Map.of("hostname", "controller-0", "mgmt.mac", "02:00:00:00:00:01",
                "mgmt.ip", "127.0.0.1", "controller.mgmt", "127.0.0.1", "controller.cluster", "127.0.0.1",
                "controller.pxeboot", "127.0.0.1"));
        Path seed = etc.resolve("mtce-hosts.json");
        Files.writeString(seed, "{\"version\":1,\"hosts\":[{\"name\":\"controller-0\",\"mgmt_mac\":"
                + "\"02:00:00:00:00:01\",\"personality\":\"controller\",\"admin_state\":\"unlocked\",\"addresses\":"
                + "{\"management\":\"127.0.0.1\",\"cluster-host\":\"127.0.0.1\",\"pxeboot\":\"127.0.0.1\"}}]}\n");
        Path agent = etc.resolve("io.mtce.agent.cfg");
        edit(agent, Map.of("mgmt.address", "127.0.0.1", "cluster.address", "127.0.0.1", "pxeboot.address",
                "127.0.0.1", "pxeboot.controllers", "127.0.0.1", "inventory.path",
                root.path("/var/lib/mtce/agent/inventory.json").toString()));
        Files.writeString(agent, Files.readString(agent) + "inventory.seed = " + seed + "\n");
        for (String network : List.of("mgmt", "cluster", "pxeboot")) {
            int agentPort = freePort();
            int clientPort = freePort();
            for (String role : List.of("agent", "client")) {
                Path cfg = etc.resolve("io.mtce.transport." + network + "-" + role + ".cfg");
                edit(cfg, Map.of("bind.address", "127.0.0.1"));
                boolean isAgent = role.equals("agent");
                Files.writeString(cfg, Files.readString(cfg) + "rx.port = " + (isAgent ? agentPort : clientPort)
                        + "\npeer.port = " + (isAgent ? clientPort : agentPort) + "\n");
            }
        }
        relocateFlags(root, etc);
    }

    /**
     * The flag files inside the scratch root instead of this machine's /var/run and /var/persist, and every other
     * packaged path a configuration names (the alarm sink's state, the web users file) under the scratch root too.
     */
    private static void relocateFlags(ScratchRoot root, Path etc) throws IOException {
        try (Stream<Path> cfgs = Files.list(etc)) {
            for (Path cfg : cfgs.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.writeString(cfg, relocate(root, Files.readString(cfg)));
            }
        }
        String s = root.path("/").toString();
        edit(etc.resolve("io.mtce.flags.cfg"), Map.of("volatile.path", s + "/run/.node_locked",
                "backup.path", s + "/var/persist/mtc/.node_locked",
                "obsolete.path", s + "/etc/mtc/tmp/.node_locked",
                "journal.path", s + "/var/persist/mtc/.node_locked.intent",
                "allowed.roots", s + "/run, " + s + "/var/persist/mtc, " + s + "/etc/mtc/tmp"));
        Files.createDirectories(root.path("/run"));
    }

    /**
     * Starts the unit's ExecStart with its Environment=, every packaged path moved into the scratch root, this test's
     * JDK, and the status page on an ephemeral port. No terminal: bin/mtce runs headless, as under systemd.
     */
    private static Process startAsTheUnitDoes(ScratchRoot root, String unit) throws IOException {
        Map<String, List<String>> settings = SystemdUnit.read(root.path("/lib/systemd/system/" + unit));
        // ProtectSystem=strict for the program and its configuration: /usr and /etc read-only, in a mount namespace
        // of its own; then CapabilityBoundingSet= (empty) and NoNewPrivileges=yes, as systemd applies them.
        assertEquals(List.of("strict"), settings.get("ProtectSystem"));
        assertEquals(List.of(""), settings.get("CapabilityBoundingSet"));
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                "for d in \"$0\" \"$1\"; do mount --bind \"$d\" \"$d\" && mount -o remount,bind,ro \"$d\" || exit 1;"
                        + " done; shift; exec \"$@\"",
                root.path("/usr").toString(), root.path("/etc").toString(),
                "setpriv", "--bounding-set", "-all", "--inh-caps", "-all", "--no-new-privs"));
        command.addAll(List.of(relocate(root, settings.get("ExecStart").get(0)).split(" ")));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.path("/").toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(root.path("/console.log").toFile());
        SystemdUnit.environment(settings).forEach((k, v) -> pb.environment().put(k, relocate(root, v)));
        pb.environment().putAll(ScratchRoot.javaEnvironment());
        pb.environment().merge("MTCE_JAVA_OPTS", "-Dorg.osgi.service.http.port=0", (a, b) -> a + " " + b);
        pb.environment().remove("NOTIFY_SOCKET");
        return pb.start();
    }

    private static final Pattern PACKAGED = Pattern.compile("(?m)(^|[\\s=])(/usr/share/mtce|/etc/mtce|/var/lib/mtce"
            + "|/var/log/mtce)");

    private static String relocate(ScratchRoot root, String value) {
        String base = root.path("/").toString();
        return PACKAGED.matcher(value).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + base + m.group(2)));
    }

    /** The process's effective capabilities (CapEff of /proc/PID/status; setpriv and bin/mtce exec the JVM). */
    private static String capabilities(Process p) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
                .filter(l -> l.startsWith("CapEff:")).map(l -> l.substring(7).strip()).findFirst().orElse("?");
    }

    private static String receiveFrom(DatagramSocket socket, String expected) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            socket.receive(p); // SocketTimeoutException after 60 s: the client never sent
            last = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (last.contains(expected)) {
                return last;
            }
        }
        return last;
    }

    /** Waits for a line in what the container printed or logged under /var/log/mtce (whichever the logging does). */
    private static String awaitLog(ScratchRoot root, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String all = "";
        while (System.nanoTime() < deadline) {
            StringBuilder b = new StringBuilder(Files.readString(root.path("/console.log")));
            try (Stream<Path> logs = Files.list(root.path("/var/log/mtce"))) {
                for (Path log : logs.filter(Files::isRegularFile).toList()) {
                    b.append(Files.readString(log));
                }
            }
            all = b.toString();
            if (all.contains(line)) {
                return all;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + line + "' within 30 s:\n" + all);
    }

    private static void edit(Path cfg, Map<String, String> values) throws IOException {
        String text = Files.readString(cfg);
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = Pattern.quote(e.getKey());
            assertTrue(Pattern.compile("(?m)^" + key + " =.*$").matcher(text).find(), cfg + " has no " + e.getKey());
            String line = Matcher.quoteReplacement(e.getKey() + " = " + e.getValue());
            text = text.replaceAll("(?m)^" + key + " =.*$", line);
        }
        Files.writeString(cfg, text);
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    private static List<Path> changedSince(Path dir, Instant since) throws IOException {
        FileTime t = FileTime.from(since);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(t) >= 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static void assertMode(Path p, String mode, String owner, String group) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        assertEquals(mode, PosixFilePermissions.toString(a.permissions()), p.toString());
        assertEquals(owner, a.owner().getName(), p + " owner");
        assertEquals(group, a.group().getName(), p + " group");
    }

    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("mtce.deb.work", "target/deb-work")).toAbsolutePath().resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
