package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file on the real file system: created 600, refused when others may read it, re-read when edited. */
class UsersFileTest {
    private static final String ADMIN_SECRET = "admin-secret-0123456789";
    private static final String VIEWER_SECRET = "viewer-secret-0123456789";

    @TempDir
    Path dir;

    private Path write(String perms, String... lines) throws IOException {
        Path f = dir.resolve("mtce-web-users");
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void createdFileIsOwnerOnlyAndItsAdminLogsIn() throws IOException {
        UsersFile users = new UsersFile(dir.resolve("etc/mtce-web-users"));
        assertTrue(users.createIfMissing(new SecureRandom()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users.path())));
        String last = Files.readAllLines(users.path()).get(2);
        String secret = last.split(" ")[2];
        assertTrue(last.startsWith("admin admin "), last);
        assertTrue(secret.length() >= 40, secret);
        assertEquals(Optional.of(new Identity("admin", OperatorRole.ADMIN)), users.password("admin", secret));
        assertEquals(Optional.of(new Identity("admin", OperatorRole.ADMIN)), users.bearer(secret));
        assertFalse(users.createIfMissing(new SecureRandom()), "an existing file is left alone");
        assertEquals(last, Files.readAllLines(users.path()).get(2));
    }

    @Test
    void rolesAndWrongSecrets() throws IOException {
        UsersFile users = new UsersFile(write("rw-------", "# comment", "", "root admin " + ADMIN_SECRET,
                "ops viewer " + VIEWER_SECRET));
        assertEquals(Optional.empty(), users.unavailable());
        assertEquals(OperatorRole.VIEWER, users.password("ops", VIEWER_SECRET).orElseThrow().role());
        assertEquals(OperatorRole.ADMIN, users.bearer(ADMIN_SECRET).orElseThrow().role());
        assertTrue(users.password("ops", ADMIN_SECRET).isEmpty());
        assertTrue(users.password("nobody", ADMIN_SECRET).isEmpty());
        assertTrue(users.bearer("not-a-token-at-all").isEmpty());
    }

    @Test
    void groupOrWorldReadableFileIsRefusedNamingItUntilChmod600() throws IOException {
        Path f = write("rw-r--r--", "root admin " + ADMIN_SECRET);
        UsersFile users = new UsersFile(f);
        String why = users.unavailable().orElseThrow();
        assertTrue(why.contains(f.toString()) && why.contains("rw-r--r--") && why.contains("chmod 600"), why);
        assertTrue(users.bearer(ADMIN_SECRET).isEmpty());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertTrue(users.unavailable().isPresent());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.empty(), users.unavailable());
        assertTrue(users.bearer(ADMIN_SECRET).isPresent());
    }

    @Test
    void editsAreReadAgainAndMistakesNameTheLine() throws IOException {
        Path f = write("rw-------", "root admin " + ADMIN_SECRET);
        UsersFile users = new UsersFile(f);
        assertTrue(users.bearer(ADMIN_SECRET).isPresent());
        Files.writeString(f, "root admin " + ADMIN_SECRET + "\nops operator " + VIEWER_SECRET + "\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        String why = users.unavailable().orElseThrow();
        assertTrue(why.contains(f + " line 2") && why.contains("admin or viewer"), why);
        Files.writeString(f, "ops viewer short\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        assertTrue(users.unavailable().orElseThrow().contains("shorter than 16"));
    }

    @Test
    void missingFileIsNamed() {
        UsersFile users = new UsersFile(dir.resolve("none"));
        assertTrue(users.unavailable().orElseThrow().contains(dir.resolve("none") + " does not exist"));
    }
}
