package io.mtce.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The built mtce_VERSION_all.deb, read through dpkg-deb as an operator would inspect it. */
final class DebArchive {
    /** One entry of {@code dpkg-deb -c}: its mode string (e.g. -rwxr-xr-x), owner/group and path ("/usr/..."). */
    record Entry(String mode, String owner, String path) {
    }

    private final Path deb;

    private DebArchive(Path deb) {
        this.deb = deb;
    }

    /** The single mtce_*_all.deb that the build left in {@code mtce.deb.dir}. */
    static DebArchive built() {
        Path dir = Path.of(System.getProperty("mtce.deb.dir", "target"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("mtce_.*_all\\.deb")).toList();
            if (debs.size() != 1) {
                throw new IllegalStateException("expected one mtce_*_all.deb in " + dir + ", found " + debs
                        + "; build it through Maven (mvn verify -pl packaging -am)");
            }
            return new DebArchive(debs.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return deb;
    }

    /** Every entry of the data archive by path ("/etc/mtce/worker/", "/usr/share/mtce/bin/mtce"). */
    Map<String, Entry> entries() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : Exec.run(List.of("dpkg-deb", "-c", deb.toString())).ok().output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            String path = f[f.length - 1].substring(1); // "./usr/..." -> "/usr/..."
            entries.put(path, new Entry(f[0], f[1], path));
        }
        return entries;
    }

    /** A control field ({@code dpkg-deb -f}). */
    String field(String name) {
        return Exec.run(List.of("dpkg-deb", "-f", deb.toString(), name)).ok().output().trim();
    }

    /** A member of the control archive (conffiles, postinst, ...), or "" when absent. */
    String control(String member) {
        Exec.Result r = Exec.run(List.of("dpkg-deb", "-I", deb.toString(), member));
        return r.exit() == 0 ? r.output() : "";
    }

    /** The text of a file of the data archive, e.g. "/etc/mtce/worker/io.mtce.flags.cfg". */
    String file(String path) {
        return Exec.run(List.of("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xO \".$1\"", deb.toString(),
                path)).ok().output();
    }
}
