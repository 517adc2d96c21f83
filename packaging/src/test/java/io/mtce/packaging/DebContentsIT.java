package io.mtce.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the .deb holds, read with dpkg-deb: layout, modes, owners, conffiles, control and maintainer scripts. */
class DebContentsIT {
    private static final DebArchive DEB = DebArchive.built();

    @Test
    void theProgramIsUnderUsrShareReadOnlyAndTheStateAndLogDirectoriesUnderVar() {
        Map<String, DebArchive.Entry> e = DEB.entries();
        assertEntry(e, "/usr/share/mtce/bin/mtce", "-rwxr-xr-x", "root/root");
        assertEntry(e, "/usr/share/mtce/lib/mtce.jar", "-rw-r--r--", "root/root");
        assertEntry(e, "/usr/share/mtce/deploy/io.mtce.transport.pxeboot.jar", "-rw-r--r--", "root/root");
        assertEntry(e, "/var/lib/mtce/", "drwxr-x---", "root/root");
        assertEntry(e, "/var/log/mtce/", "drwxr-s---", "root/adm");
        assertEntry(e, "/var/log/", "drwxr-xr-x", "root/root");
        assertEntry(e, "/var/persist/mtc/", "drwxr-xr-x", "root/root");
        assertEntry(e, "/lib/systemd/system/mtce-agent.service", "-rw-r--r--", "root/root");
        assertEntry(e, "/lib/systemd/system/mtce-client.service", "-rw-r--r--", "root/root");
        assertEntry(e, "/usr/lib/tmpfiles.d/mtce.conf", "-rw-r--r--", "root/root");
        // The class-data archive is made on the host for its JDK (postinst), never shipped; no state under /usr.
        assertFalse(e.containsKey("/usr/share/mtce/lib/mtce.jsa"), "a build's class-data archive is shipped");
        List<String> stray = e.keySet().stream().filter(p -> p.startsWith("/usr/share/mtce/data")
                || !(p.startsWith("/usr/") || p.startsWith("/etc/") || p.startsWith("/var/") || p.startsWith("/lib/")))
                .toList();
        assertEquals(List.of(), stray, "entries outside the FHS layout");
        e.values().forEach(x -> assertEquals("root", x.owner().split("/")[0], x.path() + " is not root's"));
        e.values().stream().filter(x -> x.mode().startsWith("-"))
                .forEach(x -> assertFalse(x.mode().charAt(8) == 'w', x.path() + " is world-writable"));
    }

    @Test
    void everyFileUnderEtcMtceIsAConffileAndNothingElseIs() {
        Set<String> etc = DEB.entries().keySet().stream().filter(p -> p.startsWith("/etc/") && !p.endsWith("/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> conffiles = Arrays.stream(DEB.control("conffiles").split("\n")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(etc.isEmpty(), "no configuration shipped");
        assertEquals(etc, conffiles);
    }

    @Test
    void theWorkerProfileHasNoAgentAndTheControllerProfileHasBoth() {
        Set<String> worker = names("/etc/mtce/worker/");
        Set<String> controller = names("/etc/mtce/controller/");
        assertTrue(worker.contains("io.mtce.client.cfg") && worker.contains("io.mtce.flags.cfg"), worker.toString());
        assertEquals(Set.of(), worker.stream().filter(n -> n.contains("agent")).collect(Collectors.toSet()),
                "agent configuration in the worker profile");
        assertTrue(controller.containsAll(worker), "the controller lacks some of the worker's files: " + controller);
        assertTrue(controller.containsAll(Set.of("io.mtce.agent.cfg", "io.mtce.transport.mgmt-agent.cfg",
                "io.mtce.transport.cluster-agent.cfg", "io.mtce.transport.pxeboot-agent.cfg")), controller.toString());
        assertTrue(DEB.file("/etc/mtce/worker/io.mtce.client.cfg").contains("personality = worker"));
        assertTrue(DEB.file("/etc/mtce/controller/io.mtce.client.cfg").contains("personality = controller"));
        assertTrue(DEB.file("/etc/mtce/worker/io.mtce.flags.cfg").contains("backup.removed = restore"));
        assertTrue(DEB.file("/etc/mtce/controller/io.mtce.flags.cfg").contains("backup.removed = unlock"));
        assertTrue(DEB.file("/etc/mtce/controller/io.mtce.agent.cfg")
                .contains("inventory.path = /var/lib/mtce/agent/inventory.json"));
        assertTrue(DEB.file("/etc/mtce/controller/io.mtce.alarm.local.cfg")
                .contains("state.path = /var/lib/mtce/agent/alarms.fm"));
    }

    @Test
    void everyWritableFileOfBothProfilesIsOutsideTheReadOnlyTree() {
        // The units keep /usr and /etc read-only (ProtectSystem=strict): the web users file the first start creates
        // must live under /var/lib/mtce.
        for (String profile : List.of("worker", "controller")) {
            String web = DEB.file("/etc/mtce/" + profile + "/io.mtce.web.cfg");
            assertTrue(web.contains("users.file = /var/lib/mtce/web-users\n"), web);
        }
    }

    @Test
    void thePackagedFlagsPointAtTheRealPathsWhileTheEmbeddedDefaultKeepsItsOwn() {
        for (String profile : List.of("worker", "controller")) {
            String flags = DEB.file("/etc/mtce/" + profile + "/io.mtce.flags.cfg");
            assertTrue(flags.contains("volatile.path = /var/run/.node_locked\n"), flags);
            assertTrue(flags.contains("backup.path = /var/persist/mtc/.node_locked\n"), flags);
            assertTrue(flags.contains("journal.path = /var/persist/mtc/.node_locked.intent\n"), flags);
            assertFalse(flags.contains("${user.dir}"), flags);
        }
        assertTrue(DEB.file("/usr/share/mtce/etc/io.mtce.flags.cfg").contains("${user.dir}/data/var/run/.node_locked"));
    }

    @Test
    void controlFieldsAndMaintainerScripts() {
        assertEquals("mtce", DEB.field("Package"));
        assertEquals("all", DEB.field("Architecture"));
        assertTrue(DEB.field("Depends").contains("java17-runtime-headless"), DEB.field("Depends"));
        assertTrue(DEB.path().getFileName().toString().equals("mtce_" + DEB.field("Version") + "_all.deb"),
                DEB.path().toString());
        String postinst = DEB.control("postinst");
        assertTrue(postinst.contains("bin/mtce\" --prepare ||"), "postinst must make the archive, failure allowed");
        assertTrue(DEB.control("triggers").contains("interest-noawait /usr/lib/jvm"), "no JDK trigger");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            String text = DEB.control(script);
            assertTrue(text.startsWith("#!/bin/sh\n"), script + " has no /bin/sh line");
            assertTrue(text.contains("DPKG_ROOT"), script + " ignores DPKG_ROOT");
            assertEquals(0, Exec.run(List.of("sh", "-n", "-c", text)).exit(), script + " does not parse");
        }
        assertTrue(DEB.entries().values().stream().noneMatch(x -> x.path().startsWith("/etc/logrotate.d")),
                "Logback rolls the logs itself: a logrotate rule would rotate under it");
    }

    @Test
    void theUnitsInThePackageAreThoseOfPackagingSystemd() throws IOException {
        Path units = Path.of(System.getProperty("mtce.units.dir", "systemd"));
        for (String unit : List.of("mtce-agent.service", "mtce-client.service")) {
            assertEquals(Files.readString(units.resolve(unit)), DEB.file("/lib/systemd/system/" + unit), unit);
        }
    }

    private static Set<String> names(String dir) {
        return DEB.entries().keySet().stream().filter(p -> p.startsWith(dir) && !p.equals(dir))
                .map(p -> p.substring(dir.length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void assertEntry(Map<String, DebArchive.Entry> entries, String path, String mode, String owner) {
        DebArchive.Entry e = entries.get(path);
        assertTrue(e != null, path + " is not in the package");
        assertEquals(mode, e.mode(), path);
        assertEquals(owner, e.owner(), path);
    }
}
