package io.mtce.itests;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with only its own loopback up, so a container with the embedded default's fixed ports
 * (127.0.0.1:2101 and so on) cannot collide with anything else on the machine. Where namespaces cannot be made,
 * the container runs on the machine's loopback instead.
 */
public final class PrivateLoopback implements AutoCloseable {
    private final String name;

    private PrivateLoopback(String name) {
        this.name = name;
    }

    public static PrivateLoopback create() {
        String ns = "mtce-lo-" + UUID.randomUUID().toString().substring(0, 8);
        if (run("ip", "netns", "add", ns) && run("ip", "-n", ns, "link", "set", "lo", "up")) {
            return new PrivateLoopback(ns);
        }
        run("ip", "netns", "del", ns);
        return new PrivateLoopback(null);
    }

    /** The command prefix that runs inside the namespace; empty when running on the machine's loopback. */
    public List<String> prefix() {
        return name == null ? List.of() : List.of("ip", "netns", "exec", name);
    }

    @Override
    public void close() {
        if (name != null) {
            run("ip", "netns", "del", name);
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
