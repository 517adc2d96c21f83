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
import java.util.List;

/**
 * A real single-member etcd for a test: ephemeral ports, its data in the test's directory, stopped with the test.
 * A machine without the etcd binary skips the test (install etcd-server, as .ci/run does).
 */
final class EtcdServer implements AutoCloseable {
    final URI endpoint;
    private final Process process;

    private EtcdServer(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    static EtcdServer start(Path dir) throws Exception {
        Path binary = binary();
        assumeTrue(binary != null, "etcd is not installed (apt-get install etcd-server): test skipped");
        int client = freePort();
        int peer = freePort();
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        Path log = dir.resolve("etcd.log");
        Process process = new ProcessBuilder(binary.toString(), "--name", "t", "--data-dir",
                dir.resolve("etcd-data").toString(), "--listen-client-urls", clientUrl, "--advertise-client-urls",
                clientUrl, "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "t=" + peerUrl).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EtcdServer server = new EtcdServer(URI.create(clientUrl + "/"), process);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.endpoint.resolve("/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"true\"")) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("etcd did not become healthy at " + clientUrl + ": "
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
