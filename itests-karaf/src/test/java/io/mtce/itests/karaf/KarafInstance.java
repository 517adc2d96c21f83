package io.mtce.itests.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the real Apache Karaf distribution, run as a separate JVM ({@code bin/karaf server}) and driven through
 * {@code bin/client} batch commands over ssh. Offline: pax-url reads this build's repository (target/repository) and
 * Karaf's system/ as default repositories, then the local Maven repository, and nothing remote. Its ssh, RMI and
 * HTTP ports are free ones; it runs in a network namespace of its own with only loopback where one can be made, so
 * the mtce sockets' fixed ports (127.0.0.1:2101 and so on) collide with nothing else on the machine.
 */
final class KarafInstance implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final int sshPort;
    private final int httpPort;
    private final String netns;
    private Process karaf;
    private LoopbackBridge http;

    private KarafInstance(Path home, int sshPort, int httpPort, String netns) {
        this.home = home;
        this.sshPort = sshPort;
        this.httpPort = httpPort;
        this.netns = netns;
    }

    /** Copies the distribution to {@code work/name} and configures it for {@code framework} (felix or equinox). */
    static KarafInstance create(String name, String framework) throws IOException {
        Path dist = Path.of(System.getProperty("mtce.karaf.dist"));
        Path home = Path.of(System.getProperty("mtce.karaf.work")).resolve(name);
        deleteTree(home);
        copyTree(dist, home);
        int ssh = freePort();
        Path etc = home.resolve("etc");
        replaceProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        replaceProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        Path management = etc.resolve("org.apache.karaf.management.cfg");
        replaceProperty(management, "rmiRegistryPort", Integer.toString(freePort()));
        replaceProperty(management, "rmiServerPort", Integer.toString(freePort()));
        int http = freePort();
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + http + "\n");
        Path repository = Path.of(System.getProperty("mtce.karaf.repository"));
        Path local = Path.of(System.getProperty("mtce.karaf.localRepository"));
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.offline = true",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.localRepository = " + local,
                "org.ops4j.pax.url.mvn.defaultRepositories = "
                        + repository.toUri() + "@id=mtce.build@snapshots, "
                        + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.repositories = ", ""));
        // A full admin and a viewer who may log in over ssh and nothing more (etc/users.properties ships empty).
        Files.writeString(etc.resolve("users.properties"), String.join("\n",
                "karaf = karaf,_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh",
                "viewer = viewer,viewer,ssh", ""));
        if (!framework.equals("felix")) {
            Files.writeString(etc.resolve("custom.properties"), "\nkaraf.framework=" + framework + "\n",
                    StandardOpenOption.APPEND);
        }
        String ns = "mtce-karaf-" + UUID.randomUUID().toString().substring(0, 8);
        boolean isolated = run("ip", "netns", "add", ns) && run("ip", "-n", ns, "link", "set", "lo", "up");
        if (!isolated) {
            run("ip", "netns", "del", ns);
        }
        return new KarafInstance(home, ssh, http, isolated ? ns : null);
    }

    Path home() {
        return home;
    }

    Path data() {
        return home.resolve("data");
    }

    /**
     * The port on this machine's 127.0.0.1 at which pax-web's HTTP port answers: that port itself, or a bridge into
     * the instance's namespace.
     */
    int httpPort() throws IOException, InterruptedException {
        if (netns == null) {
            return httpPort;
        }
        if (http == null) {
            http = LoopbackBridge.open(command(), home.resolve("http.sock"), httpPort);
        }
        return http.port();
    }

    /** Starts {@code bin/karaf server} and waits until the admin's ssh session answers. */
    void start() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(home.resolve("bin/karaf").toString(), "server"))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_MAX_MEM", "384M");
        karaf = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Result last = null;
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + karaf.exitValue() + ": " + log());
            }
            last = client("karaf", "karaf", "shell:echo ready");
            if (last.exit() == 0 && last.out().contains("ready")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Karaf's ssh console did not answer within " + START_TIMEOUT + ": " + last
                + "\n" + log());
    }

    /** One batch command over ssh as {@code user}; its output, as an operator sees it. */
    Result client(String user, String password, String commandLine) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                "-a", Integer.toString(sshPort), "-u", user, "-p", password, "-r", "1", commandLine))
                .directory(home.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile(home, "client", ".out");
        Path err = Files.createTempFile(home, "client", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/client '" + commandLine + "' did not finish within "
                    + COMMAND_TIMEOUT);
        }
        Result r = new Result(commandLine, p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    String log() {
        try {
            Path file = home.resolve("data/log/karaf.log");
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            if (http != null) {
                http.close();
            }
            if (karaf != null && karaf.isAlive()) {
                karaf.descendants().forEach(ProcessHandle::destroy);
                karaf.destroy();
                if (!karaf.waitFor(20, TimeUnit.SECONDS)) {
                    karaf.descendants().forEach(ProcessHandle::destroyForcibly);
                    karaf.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (netns != null) {
                run("ip", "netns", "del", netns);
            }
        }
    }

    private List<String> command(String... cmd) {
        List<String> all = new ArrayList<>();
        if (netns != null) {
            all.addAll(List.of("ip", "netns", "exec", netns));
        }
        all.addAll(List.of(cmd));
        return all;
    }

    record Result(String command, int exit, String out, String err) {
        @Override
        public String toString() {
            return "'" + command + "' exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void replaceProperty(Path file, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : Files.readAllLines(file)) {
            if (line.matches("\\s*" + key + "\\s*=.*")) {
                lines.add(key + " = " + value);
                found = true;
            } else {
                lines.add(line);
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(file, lines);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
