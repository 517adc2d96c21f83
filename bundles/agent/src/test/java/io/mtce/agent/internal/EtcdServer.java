package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-member etcd for a test: ephemeral ports, its data in the test's directory, stopped with the test.
 * A machine without the etcd binary skips the test (install etcd-server, as .ci/run does).
 */
final class EtcdServer implements AutoCloseable {
    final URI endpoint;
    private final ProcessBuilder command;
    private final Path log;
    private Process process;

    private EtcdServer(URI endpoint, ProcessBuilder command, Path log) throws IOException {
        this.endpoint = endpoint;
        this.command = command;
        this.log = log;
        this.process = command.start();
    }

    /** Kills the member and starts it again on the same ports and data (a member restart, a broken watch). */
    void restart() throws Exception {
        close();
        command.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = command.start();
        awaitHealthy();
    }

    static EtcdServer start(Path dir) throws Exception {
        return cluster(dir, 1).get(0);
    }

    /** {@code members} etcd members on loopback forming one cluster, each healthy when this returns. */
    static List<EtcdServer> cluster(Path dir, int members) throws Exception {
        Path binary = binary();
        assumeTrue(binary != null, "etcd is not installed (apt-get install etcd-server): test skipped");
        List<String> clientUrls = new ArrayList<>();
        List<String> peerUrls = new ArrayList<>();
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < members; i++) {
            clientUrls.add("http://127.0.0.1:" + freePort());
            peerUrls.add("http://127.0.0.1:" + freePort());
            initial.append(i == 0 ? "" : ",").append("m").append(i).append('=').append(peerUrls.get(i));
        }
        List<EtcdServer> servers = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Path log = dir.resolve("etcd-m" + i + ".log");
            ProcessBuilder command = new ProcessBuilder(binary.toString(), "--name", "m" + i, "--data-dir",
                    dir.resolve("etcd-m" + i).toString(), "--listen-client-urls", clientUrls.get(i),
                    "--advertise-client-urls", clientUrls.get(i), "--listen-peer-urls", peerUrls.get(i),
                    "--initial-advertise-peer-urls", peerUrls.get(i), "--initial-cluster", initial.toString(),
                    "--initial-cluster-state", "new").redirectErrorStream(true).redirectOutput(log.toFile());
            servers.add(new EtcdServer(URI.create(clientUrls.get(i) + "/"), command, log));
        }
        try {
            for (EtcdServer server : servers) {
                server.awaitHealthy();
            }
        } catch (Exception e) {
            for (EtcdServer server : servers) {
                server.close();
            }
            throw e;
        }
        return servers;
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd did not become healthy at " + endpoint + ": "
                        + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    EtcdClient client() {
        return new EtcdClient(List.of(endpoint), Duration.ofSeconds(2));
    }

    private static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
