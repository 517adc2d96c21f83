package io.mtce.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.auth.AuthMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

class ClientSecurityTest {
    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private static ClientSecurity security(Map<String, Object> props) {
        return ClientSecurity.from(Converters.standardConverter().convert(props).to(ClientConfig.class));
    }

    @Test
    void defaultsAreAllowlistOnAndAuthenticationOff() {
        ClientSecurity s = security(Map.of());
        assertTrue(s.sourceAllowlist());
        assertEquals(AuthMode.OFF, s.auth().mode());
        assertEquals(30_000, s.auth().replayWindow().toMillis());
        assertEquals(3600, s.auth().grace().toSeconds());
    }

    @Test
    void keysUseDots() throws Exception {
        Path key = dir.resolve("auth.key");
        Files.writeString(key, HEX);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Map<String, Object> props = new HashMap<>();
        props.put("source.allowlist", "false");
        props.put("auth.mode", "require");
        props.put("auth.key.file", key.toString());
        props.put("auth.previous.key", HEX.replace('0', '1'));
        props.put("auth.grace.seconds", "60");
        props.put("auth.replay.window.ms", "5000");
        ClientSecurity s = security(props);

        assertEquals(false, s.sourceAllowlist());
        assertEquals(AuthMode.REQUIRE, s.auth().mode());
        assertTrue(s.auth().hasPreviousKey());
        assertEquals(60, s.auth().grace().toSeconds());
        assertEquals(5000, s.auth().replayWindow().toMillis());
    }

    @Test
    void errorsNameTheKey() throws Exception {
        assertEquals("auth.mode must be off, sign or require, got 'on'",
                assertThrows(IllegalArgumentException.class, () -> security(Map.of("auth.mode", "on"))).getMessage());
        Path key = dir.resolve("auth.key");
        Files.writeString(key, HEX);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String e = assertThrows(IllegalArgumentException.class,
                () -> security(Map.of("auth.mode", "sign", "auth.key.file", key.toString()))).getMessage();
        assertTrue(e.startsWith("auth.key.file " + key + " is accessible by group or others"), e);
    }
}
