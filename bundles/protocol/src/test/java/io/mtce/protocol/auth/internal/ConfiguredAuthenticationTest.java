package io.mtce.protocol.auth.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.AuthSettings;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.MutableClock;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.auth.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.slf4j.helpers.NOPLogger;

/** The node's configured authentication, without a framework: keys, defaults, and changes applied in place. */
class ConfiguredAuthenticationTest {
    private static final String OLD_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String NEW_HEX = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-01T12:00:00Z"));

    private static AuthConfig config(Map<String, Object> props) {
        return Converters.standardConverter().convert(props).to(AuthConfig.class);
    }

    private ConfiguredAuthentication authentication(Map<String, Object> props) {
        return new ConfiguredAuthentication(config(props), clock, NOPLogger.NOP_LOGGER);
    }

    /** A peer that signs with {@code hex} and checks with it. */
    private DatagramAuthenticator peer(String hex) {
        return AuthSettings.of(AuthMode.REQUIRE, AuthKey.parse("k", hex)).authenticator(clock);
    }

    private static byte[] ack() {
        byte[] ack = new byte[100];
        byte[] header = "cgts mtc cmd rsp:".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, ack, 0, header.length);
        return ack;
    }

    private static Verdict check(DatagramAuthentication receiver, byte[] datagram) {
        return receiver.check(datagram, 0, datagram.length);
    }

    @Test
    void withoutConfigurationAuthenticationIsOff() {
        ConfiguredAuthentication auth = authentication(Map.of());
        assertEquals(AuthMode.OFF, auth.mode());
        byte[] ack = ack();
        assertSame(ack, auth.protect(ack), "sent exactly as the C++ daemons send it");
        assertEquals("authentication off", auth.describe());
    }

    @Test
    void keysUseDotsAndErrorsNameThem() throws Exception {
        Path key = dir.resolve("auth.key");
        Files.writeString(key, OLD_HEX);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Map<String, Object> props = new HashMap<>();
        props.put("auth.mode", "require");
        props.put("auth.key.file", key.toString());
        props.put("auth.previous.key", NEW_HEX);
        props.put("auth.grace.seconds", "60");
        props.put("auth.replay.window.ms", "5000");
        ConfiguredAuthentication auth = authentication(props);
        assertEquals(AuthMode.REQUIRE, auth.mode());
        assertTrue(auth.describe().endsWith("also accepted until 2026-07-01T12:01:00Z, replay window 5000 ms"),
                auth.describe());

        assertEquals("auth.mode must be off, sign or require, got 'on'", assertThrows(IllegalArgumentException.class,
                () -> authentication(Map.of("auth.mode", "on"))).getMessage());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String e = assertThrows(IllegalArgumentException.class,
                () -> authentication(Map.of("auth.mode", "sign", "auth.key.file", key.toString()))).getMessage();
        assertTrue(e.startsWith("auth.key.file " + key + " is accessible by group or others"), e);
    }

    @Test
    void aRotationAppliesInPlaceAndItsGraceStartsThen() {
        ConfiguredAuthentication auth = authentication(Map.of("auth.mode", "require", "auth.key", OLD_HEX));
        DatagramAuthenticator oldPeer = peer(OLD_HEX);
        DatagramAuthenticator newPeer = peer(NEW_HEX);
        assertEquals(Rejection.UNKNOWN_KEY, check(auth, newPeer.sign(ack())).rejection());

        clock.advance(Duration.ofHours(2));
        auth.modified(config(Map.of("auth.mode", "require", "auth.key", NEW_HEX, "auth.previous.key", OLD_HEX,
                "auth.grace.seconds", "60")));
        assertTrue(check(newPeer, auth.protect(ack())).accepted(), "signs with the new key at once");
        assertTrue(check(auth, oldPeer.sign(ack())).accepted(), "the grace period starts with the change");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Rejection.UNKNOWN_KEY, check(auth, oldPeer.sign(ack())).rejection());
        assertTrue(check(auth, newPeer.sign(ack())).accepted());
    }

    @Test
    void aDatagramAcceptedBeforeAChangeIsStillARepeatAfterIt() {
        ConfiguredAuthentication auth = authentication(Map.of("auth.mode", "sign", "auth.key", OLD_HEX));
        byte[] captured = peer(OLD_HEX).sign(ack());
        assertTrue(check(auth, captured).accepted());

        auth.modified(config(Map.of("auth.mode", "sign", "auth.key", NEW_HEX, "auth.previous.key", OLD_HEX)));
        assertEquals(Rejection.REPLAYED, check(auth, captured).rejection());

        auth.modified(config(Map.of("auth.mode", "sign", "auth.key", NEW_HEX, "auth.previous.key", OLD_HEX,
                "auth.replay.window.ms", "10000")));
        assertTrue(check(auth, captured).accepted(), "a window of another length starts empty");
    }

    @Test
    void anInvalidChangeLeavesTheSettingsInForce() {
        ConfiguredAuthentication auth = authentication(Map.of("auth.mode", "sign", "auth.key", OLD_HEX));
        String before = auth.describe();
        auth.modified(config(Map.of("auth.mode", "require")));
        assertEquals(AuthMode.SIGN, auth.mode());
        assertEquals(before, auth.describe());
        byte[] signed = auth.protect(ack());
        assertTrue(check(peer(OLD_HEX), signed).accepted());
        assertArrayEquals(ack(), Arrays.copyOf(signed, 100));
    }
}
