package io.mtce.itests.bed;

import io.mtce.itests.MtceTestSupport;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A three-member etcd cluster on the bed: one member in each of three hosts' namespaces, on the host's management
 * address with etcd's own ports (the namespaces are the bed's, so the ports cannot collide), data in {@code dataRoot}.
 * Run with {@link #ELECTION_TIMEOUT_MS} and {@link #HEARTBEAT_MS}, so that etcd grants the 1 s leases a takeover
 * within 2 s needs. Each member's output goes to {@code member-N.log} in {@code dataRoot}.
 */
final class BedEtcd implements AutoCloseable {
    private static final String ETCD = "/usr/bin/etcd";
    private static final String ETCDCTL = "/usr/bin/etcdctl";
    private static final int CLIENT_PORT = 2379;
    private static final int PEER_PORT = 2380;
    /**
     * etcd's election timeout and heartbeat (ms). A leader cut off with a controller goes on renewing its leases until
     * it notices the lost quorum (one election timeout), the others elect a new one after one to two, the new leader
     * extends every lease by one, and etcd looks for expired leases every 500 ms: so a takeover after a cut takes up
     * to about TTL + 3 election timeouts + 500 ms.
     */
    private static final int ELECTION_TIMEOUT_MS = 250;
    private static final int HEARTBEAT_MS = 25;

    private final NetnsBed bed;
    private final List<Integer> hosts;
    private final Path dataRoot;
    private final Process[] members;

    private BedEtcd(NetnsBed bed, List<Integer> hosts, Path dataRoot) {
        this.bed = bed;
        this.hosts = List.copyOf(hosts);
        this.dataRoot = dataRoot;
        this.members = new Process[hosts.size()];
    }

    /** @return why etcd cannot run here, or {@code null} */
    static String unavailableReason() {
        if (!Files.isExecutable(Path.of(ETCD))) {
            return ETCD + " is not installed (Debian package etcd-server)";
        }
        return Files.isExecutable(Path.of(ETCDCTL)) ? null : ETCDCTL + " is not installed (Debian package etcd-client)";
    }

    /** Starts one member on each of {@code hosts} and waits until the cluster has a leader. */
    static BedEtcd start(NetnsBed bed, List<Integer> hosts, Path dataRoot) throws IOException, InterruptedException {
        BedEtcd etcd = new BedEtcd(bed, hosts, dataRoot);
        try {
            for (int m = 0; m < hosts.size(); m++) {
                etcd.startMember(m, "new");
            }
            if (!MtceTestSupport.await(etcd::writable, 60_000)) {
                throw new IllegalStateException("etcd on " + etcd.endpoints() + " elected no leader within 60 s;"
                        + " see " + dataRoot + "/member-*.log");
            }
        } catch (RuntimeException | IOException | InterruptedException e) {
            etcd.close();
            throw e;
        }
        return etcd;
    }

    /** The client URL of every member, comma-separated, as {@code etcd.endpoints} takes them. */
    String endpoints() {
        return hosts.stream().map(h -> clientUrl(h)).collect(Collectors.joining(","));
    }

    private static String clientUrl(int host) {
        return "http://" + NetnsBed.address(host, Network.MANAGEMENT) + ":" + CLIENT_PORT;
    }

    private static String peerUrl(int host) {
        return "http://" + NetnsBed.address(host, Network.MANAGEMENT) + ":" + PEER_PORT;
    }

    /** Starts member {@code m} ({@code state} "new" the first time, "existing" for a restart on its data). */
    void startMember(int m, String state) throws IOException {
        int host = hosts.get(m);
        List<String> cluster = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            cluster.add("m" + i + "=" + peerUrl(hosts.get(i)));
        }
        List<String> cmd = new ArrayList<>(bed.exec(host));
        cmd.addAll(List.of(ETCD, "--name", "m" + m, "--data-dir", dataRoot.resolve("m" + m).toString(),
                "--listen-client-urls", clientUrl(host), "--advertise-client-urls", clientUrl(host),
                "--listen-peer-urls", peerUrl(host), "--initial-advertise-peer-urls", peerUrl(host),
                "--initial-cluster", String.join(",", cluster), "--initial-cluster-state", state,
                "--initial-cluster-token", "mtceha", "--election-timeout", String.valueOf(ELECTION_TIMEOUT_MS),
                "--heartbeat-interval", String.valueOf(HEARTBEAT_MS)));
        Path log = dataRoot.resolve("member-" + m + ".log");
        members[m] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGKILL of member {@code m}: it answers nothing from now on. */
    void kill(int m) throws InterruptedException {
        Process p = members[m];
        if (p != null) {
            p.destroyForcibly().waitFor();
            members[m] = null;
        }
    }

    boolean running(int m) {
        return members[m] != null && members[m].isAlive();
    }

    /** Whether a quorum write goes through some member. */
    private boolean writable() {
        for (int m = 0; m < hosts.size(); m++) {
            if (etcdctl(m, "put", "/mtce-bed/probe", "1") != null) {
                return true;
            }
        }
        return false;
    }

    /** {@code etcdctl get KEY --print-value-only} through member {@code m} (a linearizable read), or null. */
    String get(int m, String key) {
        return etcdctl(m, "get", key, "--print-value-only");
    }

    /** The index of the member that is etcd's leader, as member {@code asked} sees it, or -1 when unknown. */
    int leader(int asked) {
        String json = etcdctl(asked, "endpoint", "status", "-w", "json");
        if (json == null) {
            return -1;
        }
        Matcher m = Pattern.compile("\"member_id\":(\\d+).*?\"leader\":(\\d+)").matcher(json);
        if (!m.find()) {
            return -1;
        }
        return m.group(1).equals(m.group(2)) ? asked : memberById(m.group(2));
    }

    /**
     * Makes member {@code to} etcd's leader ({@code etcdctl move-leader}) unless it leads already, and waits until it
     * says so: the scenarios that depend on where the leader is do not leave it to the draw of an election.
     */
    void moveLeader(int to) throws InterruptedException {
        if (!MtceTestSupport.await(() -> leader(to) >= 0, 30_000)) {
            throw new IllegalStateException("etcd member " + to + " knows no leader");
        }
        if (leader(to) == to) {
            return;
        }
        String id = memberId(to);
        if (id == null) {
            throw new IllegalStateException("etcd member " + to + " does not tell its id");
        }
        String out = etcdctlOn(to, endpoints(), "move-leader", Long.toHexString(Long.parseUnsignedLong(id)));
        if (!MtceTestSupport.await(() -> leader(to) == to, 30_000)) {
            throw new IllegalStateException("etcd member " + to + " did not become the leader: " + out);
        }
    }

    /** The index of the member whose id (decimal) is {@code id}, asking each running member for its own, or -1. */
    private int memberById(String id) {
        for (int m = 0; m < hosts.size(); m++) {
            if (running(m) && id.equals(memberId(m))) {
                return m;
            }
        }
        return -1;
    }

    /** Member {@code m}'s id (decimal), as it tells it, or null. */
    private String memberId(int m) {
        String json = etcdctl(m, "endpoint", "status", "-w", "json");
        Matcher id = json == null ? null : Pattern.compile("\"member_id\":(\\d+)").matcher(json);
        return id != null && id.find() ? id.group(1) : null;
    }

    /** Runs {@code etcdctl ARGS} in member {@code m}'s namespace against it; its output, or null when it failed. */
    private String etcdctl(int m, String... args) {
        return etcdctlOn(m, clientUrl(hosts.get(m)), args);
    }

    /** Runs {@code etcdctl ARGS} in member {@code m}'s namespace against {@code endpoints}; its output, or null. */
    private String etcdctlOn(int m, String endpoints, String... args) {
        List<String> cmd = new ArrayList<>(bed.exec(hosts.get(m)));
        cmd.addAll(List.of(ETCDCTL, "--endpoints", endpoints, "--command-timeout", "2s"));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("ETCDCTL_API", "3");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out.strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        for (int m = 0; m < members.length; m++) {
            try {
                kill(m);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
