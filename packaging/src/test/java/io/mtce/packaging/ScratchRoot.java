package io.mtce.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A directory that dpkg treats as the root file system ({@code dpkg --root}): packages install, upgrade and purge there
 * and nowhere else. The maintainer scripts run on this machine without chroot ({@code --force-script-chrootless}),
 * told the root through DPKG_ROOT, with this test's JDK as java; dependencies are not installed there
 * ({@code --force-depends}).
 */
final class ScratchRoot {
    private final Path root;

    ScratchRoot(Path root) throws IOException {
        this.root = root;
        Path admin = root.resolve("var/lib/dpkg");
        for (String dir : List.of("info", "updates", "triggers")) {
            Files.createDirectories(admin.resolve(dir));
        }
        Files.writeString(admin.resolve("status"), "");
        Files.writeString(admin.resolve("available"), "");
    }

    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    Exec.Result dpkg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--force-depends", "--log=" + root.resolve("dpkg.log")));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, javaEnvironment(), null);
    }

    /** The package's dpkg status line ("install ok installed", ...) and version, or "" when dpkg knows none. */
    String status() {
        Exec.Result r = Exec.run(List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W",
                "-f=${Status} ${Version}", "mtce"));
        return r.exit() == 0 ? r.output().strip() : "";
    }

    /** This test's JDK first on PATH and as JAVA, as a host's java17-runtime-headless would be. */
    static Map<String, String> javaEnvironment() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        return Map.of("PATH", javaBin + ":" + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                "JAVA", javaBin + "/java");
    }
}
