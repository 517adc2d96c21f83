package io.mtce.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The units of packaging/systemd: accepted by {@code systemd-analyze verify} without a word, and holding the
 * contract the Java side and the package rely on (notify, watchdog, identifiers, paths, hardening).
 */
class SystemdUnitsIT {
    private static final Path UNITS = Path.of(System.getProperty("mtce.units.dir", "systemd"));

    @ParameterizedTest
    @CsvSource({"mtce-agent.service", "mtce-client.service"})
    void systemdAnalyzeVerifyFindsNothingToSay(String unit, @TempDir Path dir) throws IOException {
        Path copy = standIn(unit, dir);
        Exec.Result r = Exec.run(List.of("systemd-analyze", "verify", copy.toString()));
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output().strip(), "systemd-analyze verify " + unit + " complained");
    }

    /** systemd's own rating of the sandbox: "OK" (at most 4.0 of 10) or better, the figure printed. */
    @ParameterizedTest
    @CsvSource({"mtce-agent.service", "mtce-client.service"})
    void systemdAnalyzeSecurityRatesTheSandboxOk(String unit, @TempDir Path dir) throws IOException {
        Path copy = standIn(unit, dir);
        Exec.Result r = Exec.run(List.of("systemd-analyze", "security", "--offline=true", "--threshold=40",
                "--no-pager", copy.toString()));
        String overall = r.output().lines().filter(l -> l.contains("Overall exposure level")).findFirst()
                .orElse(r.output());
        System.out.println(overall);
        assertEquals(0, r.exit(), overall);
    }

    /** A copy of the unit whose ExecStart= is a stand-in for the installed bin/mtce (verify checks it is there). */
    private static Path standIn(String unit, Path dir) throws IOException {
        Path bin = dir.resolve("mtce");
        Files.writeString(bin, "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = dir.resolve(unit);
        Files.writeString(copy, Files.readString(UNITS.resolve(unit))
                .replace("ExecStart=/usr/share/mtce/bin/mtce", "ExecStart=" + bin));
        return copy;
    }

    @ParameterizedTest
    @CsvSource({"mtce-agent.service, mtcAgent, controller, mtce-client.service",
        "mtce-client.service, mtcClient, worker, mtce-agent.service"})
    void theContract(String unit, String identifier, String profile, String other) throws IOException {
        Map<String, List<String>> s = SystemdUnit.read(UNITS.resolve(unit));
        assertEquals(List.of("notify"), s.get("Type"));
        assertEquals(List.of("all"), s.get("NotifyAccess"));
        assertEquals(List.of("30s"), s.get("WatchdogSec"));
        assertEquals(List.of(identifier), s.get("SyslogIdentifier"));
        assertEquals(List.of("on-failure"), s.get("Restart"));
        assertEquals(List.of(other), s.get("Conflicts"), "both profiles would run a client on the same ports");
        assertEquals(List.of("143"), s.get("SuccessExitStatus"), "a SIGTERM stop would count as a failure");
        Map<String, String> env = SystemdUnit.environment(s);
        assertEquals("/usr/share/mtce", env.get("MTCE_HOME"));
        assertEquals("/etc/mtce/" + profile, env.get("MTCE_ETC"));
        assertEquals("/var/lib/mtce", env.get("MTCE_DATA"));
        assertTrue(env.get("MTCE_JAVA_OPTS").contains("-Dmtce.log.dir=/var/log/mtce"), env.toString());
        assertEquals(List.of("/usr/share/mtce/bin/mtce"), s.get("ExecStart"));
        // Hardening: read-only system but for the flag, state and log directories; root without capabilities.
        assertEquals(List.of("strict"), s.get("ProtectSystem"));
        assertEquals(List.of("yes"), s.get("NoNewPrivileges"));
        assertEquals(List.of("yes"), s.get("PrivateTmp"));
        assertEquals(List.of("yes"), s.get("ProtectHome"));
        assertEquals(List.of(""), s.get("CapabilityBoundingSet"));
        List<String> writable = new ArrayList<>(List.of(String.join(" ", s.get("ReadWritePaths")).split("\\s+")));
        assertEquals(List.of("/run", "/var/persist/mtc", "/var/lib/mtce", "/var/log/mtce", "-/etc/mtc/tmp"), writable);
    }
}
