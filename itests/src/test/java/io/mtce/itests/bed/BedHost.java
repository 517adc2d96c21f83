package io.mtce.itests.bed;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One host of the bed: a private copy of the container home, configured for its role and addresses, running in
 * its namespace. The agent host (index 0, controller-0) runs the agent role; the others run the client role with
 * their flag files under the home's {@code data/}.
 */
public final class BedHost implements AutoCloseable {
    /** The bed's mtcAlive period: shorter than the 5 s default so that scenarios converge quickly. */
    static final int MTCALIVE_PERIOD_MS = 1000;

    private final NetnsBed bed;
    private final int index;
    private final RuntimeHome home;
    private final boolean legacyClient;
    private final boolean agentRole;
    /** In a controller pair: this controller's unit (0 or 1), or -1 outside a pair (host 0 is controller-0). */
    private int unit = -1;
    /** A client of a controller pair sends management mtcAlive and acks to both units, not the floating address. */
    private boolean pairClient;

    private BedHost(NetnsBed bed, int index, RuntimeHome home, boolean legacyClient, boolean agentRole) {
        this.bed = bed;
        this.index = index;
        this.home = home;
        this.legacyClient = legacyClient;
        this.agentRole = agentRole;
    }

    /**
     * controller-{@code unit} of a controller pair on host {@code index}, whose namespace must hold
     * {@link NetnsBed#controllerUnit} addresses: the agent binds those (no floating address: either may be active),
     * with {@code inventory=etcd} and {@code extraAgentConfig} (the etcd endpoints, lease, ...).
     */
    public static BedHost pairController(NetnsBed bed, int index, int unit, RuntimeHome home,
            String... extraAgentConfig) throws IOException {
        BedHost host = new BedHost(bed, index, home, false, true);
        host.unit = unit;
        host.configureAgent(extraAgentConfig);
        return host;
    }

    /** A worker of a controller pair: mtcAlive and acks go to both controllers' unit addresses. */
    public static BedHost pairClient(NetnsBed bed, int index, RuntimeHome home) throws IOException {
        BedHost host = new BedHost(bed, index, home, false, false);
        host.pairClient = true;
        host.configureClient();
        return host;
    }

    public static BedHost agent(NetnsBed bed, RuntimeHome home, String... extraAgentConfig) throws IOException {
        BedHost host = new BedHost(bed, 0, home, false, true);
        host.configureAgent(extraAgentConfig);
        return host;
    }

    public static BedHost client(NetnsBed bed, int index, RuntimeHome home, boolean legacy) throws IOException {
        BedHost host = new BedHost(bed, index, home, legacy, false);
        host.configureClient();
        return host;
    }

    public String name() {
        if (unit >= 0) {
            return "controller-" + unit;
        }
        return index == 0 ? "controller-0" : "worker-" + index;
    }

    public String mac() {
        return String.format("02:00:00:00:00:%02x", index);
    }

    public int index() {
        return index;
    }

    public RuntimeHome runtime() {
        return home;
    }

    /** The Gogo line that adds this host to the agent's inventory. */
    public String addCommand() {
        return "mtce:add " + name() + " " + mac() + " worker " + NetnsBed.address(index, Network.MANAGEMENT) + " "
                + NetnsBed.address(index, Network.CLUSTER_HOST) + " " + NetnsBed.address(index, Network.PXEBOOT);
    }

    /** On the agent host: {@code mtce:lock HOST} once the host's previous change is acknowledged. */
    public void lock(String host, long timeoutMs) throws IOException, InterruptedException {
        awaitNothingPending(host, timeoutMs);
        home.command("mtce:lock " + host);
    }

    /** On the agent host: {@code mtce:unlock HOST} once the host's previous change is acknowledged. */
    public void unlock(String host, long timeoutMs) throws IOException, InterruptedException {
        awaitNothingPending(host, timeoutMs);
        home.command("mtce:unlock " + host);
    }

    /** A lock is refused while an unlock is unacknowledged (and the reverse), as an operator would see. */
    public void awaitNothingPending(String host, long timeoutMs) throws InterruptedException {
        if (!MtceTestSupport.await(() -> "none".equals(pending(host)), timeoutMs)) {
            throw new AssertionError(host + ": previous lock/unlock not acknowledged within " + timeoutMs + " ms");
        }
    }

    /** The PENDING column of {@code host}'s row in a fresh answer to mtce:hosts, or "" when there is none. */
    public String pending(String host) {
        for (String line : home.ask("mtce:hosts", 5_000)) {
            String[] cols = line.split("\\t");
            if (cols.length >= 3 && cols[0].endsWith(host)) {
                return cols[2];
            }
        }
        return "";
    }

    public void start() throws IOException {
        home.startWith(bed.exec(index));
    }

    /** A host reset: the JVM is killed and the volatile directory (tmpfs on a real host) is emptied. */
    public void reset() throws InterruptedException, IOException {
        home.kill();
        Files.deleteIfExists(volatileFile());
    }

    /**
     * A power cut: the JVM is killed at once (SIGKILL) and the volatile directory, a tmpfs on a real host, is emptied.
     * The non-volatile directory keeps what it holds.
     */
    public void powerOff() throws InterruptedException, IOException {
        home.kill();
        if (!Files.isDirectory(volatileDir())) {
            return;
        }
        try (Stream<Path> entries = Files.walk(volatileDir())) {
            for (Path p : entries.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(volatileDir())) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Removes both flag files by hand (and any change journal), as on a freshly installed host. */
    public void wipeFlags() throws IOException {
        Files.deleteIfExists(volatileFile());
        Files.deleteIfExists(backupFile());
        Files.deleteIfExists(data().resolve("var/persist/mtc/.node_locked.intent"));
    }

    /** What a real host keeps on tmpfs ({@code /var/run}): emptied by {@link #powerOff()}. */
    public Path volatileDir() {
        return data().resolve("var/run");
    }

    /**
     * The directory that must survive a power cut: the agent's inventory ({@code /var/lib/mtce}) on the agent host,
     * the flag backup and change journal ({@code /var/persist}) on a client host.
     */
    public Path nonVolatileDir() {
        return agentRole ? inventoryFile().getParent() : data().resolve("var/persist");
    }

    /** The agent's inventory, as {@code /var/lib/mtce/inventory.json} is on a controller. */
    public Path inventoryFile() {
        return data().resolve("var/lib/mtce/inventory.json");
    }

    public Path volatileFile() {
        return data().resolve("var/run/.node_locked");
    }

    public Path backupFile() {
        return data().resolve("var/persist/mtc/.node_locked");
    }

    public boolean bothPresent() {
        return Files.exists(volatileFile()) && Files.exists(backupFile());
    }

    public boolean bothAbsent() {
        return !Files.exists(volatileFile()) && !Files.exists(backupFile());
    }

    private Path data() {
        return home.home().resolve("data");
    }

    private void configureAgent(String... extra) throws IOException {
        home.clearMtceConfigs();
        writeTransports("agent");
        Files.createDirectories(volatileDir());
        Files.createDirectories(inventoryFile().getParent());
        home.writeConfig("io.mtce.agent.config", String.join("\n",
                "inventory.path=\"" + inventoryFile() + "\"",
                "mgmt.address=\"" + agentAddress(Network.MANAGEMENT) + "\"",
                "cluster.address=\"" + agentAddress(Network.CLUSTER_HOST) + "\"",
                "pxeboot.address=\"" + agentAddress(Network.PXEBOOT) + "\"",
                "pxeboot.controllers=[\"" + NetnsBed.controllerUnit(0, Network.PXEBOOT) + "\",\""
                        + NetnsBed.controllerUnit(1, Network.PXEBOOT) + "\"]",
                String.join("\n", extra),
                ""));
    }

    private void configureClient() throws IOException {
        home.clearMtceConfigs();
        writeTransports("client");
        home.writeConfig("io.mtce.flags.config", String.join("\n",
                "volatile.path=\"" + volatileFile() + "\"",
                "backup.path=\"" + backupFile() + "\"",
                "obsolete.path=\"" + data().resolve("etc/mtc/tmp/.node_locked") + "\"",
                "journal.path=\"" + data().resolve("var/persist/mtc/.node_locked.intent") + "\"",
                "allowed.roots=\"" + data() + "\"",
                // controller-0 follows the agent's self-unlock (docs/interop.md); workers restore a removed backup
                "backup.removed=\"" + (index == 0 ? "unlock" : "restore") + "\"",
                ""));
        home.writeConfig("io.mtce.client.config", String.join("\n",
                "hostname=\"" + name() + "\"",
                "personality=\"" + (index == 0 ? "controller" : "worker") + "\"",
                "mgmt.mac=\"" + mac() + "\"",
                "mgmt.ip=\"" + NetnsBed.address(index, Network.MANAGEMENT) + "\"",
                "cluster.host.ip=\"" + NetnsBed.address(index, Network.CLUSTER_HOST) + "\"",
                "pxeboot.ip=\"" + NetnsBed.address(index, Network.PXEBOOT) + "\"",
                "controller.mgmt=" + (pairClient ? units(Network.MANAGEMENT) : "[\"" + NetnsBed.floatingMgmt() + "\"]"),
                "controller.mgmt.units=" + units(Network.MANAGEMENT),
                "controller.cluster=" + units(Network.CLUSTER_HOST),
                "controller.pxeboot=" + units(Network.PXEBOOT),
                "mtcalive.period.ms=\"" + MTCALIVE_PERIOD_MS + "\"",
                "legacy.no.unlocked=\"" + legacyClient + "\"",
                ""));
    }

    /** Where the agent listens: its unit address in a pair, else the floating management address and host 0's. */
    private String agentAddress(Network network) {
        if (unit >= 0) {
            return NetnsBed.controllerUnit(unit, network);
        }
        return network == Network.MANAGEMENT ? NetnsBed.floatingMgmt() : NetnsBed.address(0, network);
    }

    /** controller-0's and controller-1's addresses on {@code network}, as a configuration array. */
    private static String units(Network network) {
        return "[\"" + NetnsBed.controllerUnit(0, network) + "\",\"" + NetnsBed.controllerUnit(1, network) + "\"]";
    }

    /**
     * The spec's ports: each host has its own namespace, so the fixed ports of mtc.conf cannot collide. The agent
     * listens on the floating management address, as the C++ agent does, since clients ack there.
     */
    private void writeTransports(String role) throws IOException {
        for (Network n : Network.values()) {
            String pid = switch (n) {
                case MANAGEMENT -> "io.mtce.transport.mgmt";
                case CLUSTER_HOST -> "io.mtce.transport.cluster";
                case PXEBOOT -> "io.mtce.transport.pxeboot";
            };
            home.writeConfig(pid + "-" + role + ".cfg", String.join("\n",
                    "mtce.role = " + role,
                    "bind.address = " + ("agent".equals(role) ? agentAddress(n) : NetnsBed.address(index, n)),
                    ""));
        }
    }

    @Override
    public void close() {
        home.close();
    }

}
