package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

/** allowed.roots: configured paths must stay under the roots after normalization; errors name the key. */
class AllowedRootsTest {

    private static FlagSettings settings(Map<String, Object> properties) {
        return FlagSettings.from(Converters.standardConverter().convert(properties).to(FlagFilesConfig.class));
    }

    private static String error(Map<String, Object> properties) {
        return assertThrows(IllegalArgumentException.class, () -> settings(properties)).getMessage();
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(key, value);
        return properties;
    }

    @Test
    void theDefaultRootsHoldTheDefaultPaths() {
        assertEquals(Path.of("/var/run/.node_locked"), settings(Map.of()).volatilePath());
        assertEquals(List.of(Path.of("/var/run"), Path.of("/var/persist/mtc"), Path.of("/etc/mtc/tmp")),
                AllowedRoots.parse(new String[] {"/var/run", "/var/persist/mtc", "/etc/mtc/tmp"}).roots());
    }

    @Test
    void pathOutsideTheRootsIsRefusedNamingTheKey() {
        assertEquals("volatile.path /tmp/.node_locked is outside allowed.roots [/var/run, /var/persist/mtc,"
                + " /etc/mtc/tmp]", error(with("volatile.path", "/tmp/.node_locked")));
    }

    @Test
    void traversalOutOfARootIsRefused() {
        assertEquals("backup.path /etc/shadow is outside allowed.roots [/var/run, /var/persist/mtc, /etc/mtc/tmp]",
                error(with("backup.path", "/var/persist/mtc/../../../etc/shadow")));
        assertEquals("journal.path /var/persistent/x is outside allowed.roots [/var/run, /var/persist/mtc,"
                + " /etc/mtc/tmp]", error(with("journal.path", "/var/persist/mtc/../../persistent/x")),
                "a root is a directory, not a name prefix");
    }

    @Test
    void aRootItselfIsNotAFile() {
        assertEquals("obsolete.path /etc/mtc/tmp is outside allowed.roots [/var/run, /var/persist/mtc,"
                + " /etc/mtc/tmp]", error(with("obsolete.path", "/etc/mtc/tmp/")));
    }

    @Test
    void rootsMayBeGivenAsOneCommaSeparatedValue() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("allowed.roots", "/srv/a , /srv/b");
        properties.put("volatile.path", "/srv/a/run/.node_locked");
        properties.put("backup.path", "/srv/b/.node_locked");
        properties.put("obsolete.path", "/srv/b/old/.node_locked");
        properties.put("journal.path", "/srv/a/../b/.node_locked.intent");
        FlagSettings s = settings(properties);
        assertEquals(Path.of("/srv/b/.node_locked.intent"), s.journalPath());
    }

    @Test
    void rootsMustBeAbsoluteAndPresent() {
        assertEquals("allowed.roots entries must be absolute directories, got 'data'",
                error(with("allowed.roots", new String[] {"data"})));
        assertEquals("allowed.roots must name at least one absolute directory",
                error(with("allowed.roots", new String[] {" ", ""})));
    }
}
