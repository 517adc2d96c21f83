package io.mtce.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthSettingsTest {
    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String HEX2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private static String error(String mode, String key, String keyFile, String previous, long grace, long window) {
        return assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.parse(mode, key, keyFile, previous, "", grace, window)).getMessage();
    }

    @Test
    void offNeedsNothing() {
        AuthSettings s = AuthSettings.parse("", "", "", "", "", 3600, 30000);
        assertEquals(AuthMode.OFF, s.mode());
        assertSame(DatagramAuthenticator.off(), s.authenticator(new MutableClock(Instant.EPOCH)));
    }

    @Test
    void modeIsCaseInsensitiveAndValidated() {
        assertEquals(AuthMode.REQUIRE, AuthSettings.parse(" Require ", HEX, "", "", "", 0, 1).mode());
        assertEquals("auth.mode must be off, sign or require, got 'strict'", error("strict", HEX, "", "", 0, 1));
    }

    @Test
    void signingModesNeedAKey() {
        assertEquals("auth.mode is sign but neither auth.key nor auth.key.file is set", error("sign", "", "", "", 0,
                1));
        assertEquals("auth.key and auth.key.file are both set; set one", error("sign", HEX, "/k", "", 0, 1));
        assertEquals("auth.previous.key is set without auth.key or auth.key.file", error("off", "", "", HEX, 0, 1));
    }

    @Test
    void keysAreHexOrBase64AndLongEnough() {
        String e = error("sign", "abcd", "", "", 0, 1);
        assertTrue(e.startsWith("auth.key is 2 bytes long"), e);
        String bad = error("sign", "%%%not a key%%%", "", "", 0, 1);
        assertEquals("auth.key is neither hex nor base64 (value not shown)", bad);
        assertFalse(bad.contains("not a key"));
        assertEquals(AuthKey.parse("k", "hex:" + HEX).id(), AuthKey.parse("k", HEX).id());
        assertEquals(AuthKey.parse("k", "base64:ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=").id(),
                AuthKey.parse("k", HEX).id(), "the same bytes, the same id");
        assertFalse(AuthKey.parse("k", HEX).toString().contains("0011"), "the secret is never printed");
    }

    @Test
    void numbersAreValidatedNamingTheKey() {
        assertEquals("auth.grace.seconds must not be negative, got -1", error("sign", HEX, "", "", -1, 1));
        assertEquals("auth.replay.window.ms must be greater than 0, got 0", error("sign", HEX, "", "", 0, 0));
    }

    @Test
    void keyFileMustBePrivate() throws Exception {
        Path file = dir.resolve("auth.key");
        Files.writeString(file, HEX + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        String e = error("require", "", file.toString(), "", 0, 1);
        assertEquals("auth.key.file " + file + " is accessible by group or others (rw-r-----); refusing the key:"
                + " chmod 600 it", e);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AuthSettings s = AuthSettings.parse("require", "", file.toString(), "", "", 0, 1000);
        assertEquals(AuthMode.REQUIRE, s.mode());
        assertTrue(s.describe().startsWith("authentication require with key id 0x"), s.describe());

        assertTrue(error("sign", "", dir.resolve("missing").toString(), "", 0, 1).endsWith("is not a regular file"));
        assertTrue(error("sign", "", "relative/key", "", 0, 1).startsWith("auth.key.file must be an absolute path"));
    }

    @Test
    void previousKeyFileIsCheckedToo() throws Exception {
        Path file = dir.resolve("old.key");
        Files.writeString(file, HEX2);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        String e = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.parse("sign", HEX, "", "", file.toString(), 60, 1000)).getMessage();
        assertTrue(e.startsWith("auth.previous.key.file " + file + " is accessible by group or others"), e);
    }

    @Test
    void graceStartsWhenTheAuthenticatorIsMade() {
        MutableClock clock = new MutableClock(Instant.parse("2026-07-01T00:00:00Z"));
        AuthSettings s = AuthSettings.parse("require", HEX2, "", HEX, "", 60, 30_000);
        assertTrue(s.hasPreviousKey());
        assertEquals(Duration.ofSeconds(60), s.grace());
        DatagramAuthenticator receiver = s.authenticator(clock);
        DatagramAuthenticator old = AuthSettings.of(AuthMode.SIGN, AuthKey.parse("k", HEX)).authenticator(clock);
        byte[] ack = new byte[100];
        System.arraycopy("cgts mtc cmd rsp:".getBytes(), 0, ack, 0, 17);
        byte[] signed = old.sign(ack);
        assertTrue(receiver.check(signed, 0, signed.length).accepted());
        clock.advance(Duration.ofSeconds(60));
        byte[] late = old.sign(ack);
        assertFalse(receiver.check(late, 0, late.length).accepted());
    }
}
