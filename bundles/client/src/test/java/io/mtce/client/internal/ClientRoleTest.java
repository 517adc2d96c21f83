package io.mtce.client.internal;

import static io.mtce.client.internal.ClientFixtures.CONTROLLER_MGMT;
import static io.mtce.client.internal.ClientFixtures.MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagState;
import io.mtce.protocol.Header;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.transport.Role;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

/** The client role component without a framework: one configuration, validated once, wiring the plain parts. */
class ClientRoleTest {
    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final FakeTransport mgmt = new FakeTransport(Network.MANAGEMENT, Role.CLIENT);
    private final List<ClientRole> roles = new ArrayList<>();

    @AfterEach
    void stop() {
        roles.forEach(ClientRole::deactivate);
    }

    private static Map<String, Object> valid() {
        Map<String, Object> props = new HashMap<>();
        props.put("hostname", ClientFixtures.HOST);
        props.put("mgmt.mac", MAC);
        props.put("mgmt.ip", ClientFixtures.MGMT_IP);
        props.put("controller.mgmt", CONTROLLER_MGMT.getHostAddress());
        props.put("mtcalive.first.delay.ms", "3600000"); // no periodic mtcAlive during a test
        return props;
    }

    private ClientRole role(Map<String, Object> props) {
        ClientConfig config = Converters.standardConverter().convert(props).to(ClientConfig.class);
        ClientRole role = new ClientRole(config, codec, flags, DatagramAuthenticator.off());
        roles.add(role);
        role.addTransport(mgmt);
        return role;
    }

    private static ByteBuffer locked() {
        return ByteBuffer.wrap(HostileInput.locked(MAC));
    }

    @Test
    void aBadConfigurationFailsTheRoleOnceNamingTheKey() {
        Map<String, Object> props = valid();
        props.put("mgmt.mac", "02:00:00:00:00");
        assertEquals("mgmt.mac must be a MAC address xx:xx:xx:xx:xx:xx, got '02:00:00:00:00'",
                assertThrows(IllegalArgumentException.class, () -> role(props)).getMessage());
        props.put("mgmt.mac", MAC);
        props.put("controller.mgmt", "controller");
        String e = assertThrows(IllegalArgumentException.class, () -> role(props)).getMessage();
        assertTrue(e.startsWith("controller.mgmt"), e);
    }

    @Test
    void theAllowlistIsOnUnlessItsKeySaysOff() throws Exception {
        InetSocketAddress stranger = new InetSocketAddress(ClientFixtures.ip("10.0.0.9"), 40000);
        role(valid()).received(mgmt, stranger, locked());
        assertTrue(flags.calls().isEmpty(), "a stranger's command is refused");
        assertNull(mgmt.poll(0));

        Map<String, Object> open = valid();
        open.put("source.allowlist", "false");
        role(open).received(mgmt, stranger, locked());
        assertEquals(List.of("lock(true)"), flags.calls());
        FakeTransport.Sent ack = mgmt.poll(1000);
        assertNotNull(ack);
        assertEquals(Header.CMD_RSP, codec.decode(ack.bytes(), 0, ack.bytes().length).header());
    }

    @Test
    void aFlagChangeSendsAnMtcAliveAtOnce() throws Exception {
        ClientRole role = role(valid());
        role.flagsChanged(new FlagChange(FlagChange.Kind.LOCKED, DesiredLock.LOCKED_PERSIST, FlagState.BOTH_PRESENT,
                "locked"));
        FakeTransport.Sent alive = mgmt.poll(5000);
        assertNotNull(alive, "an mtcAlive on the management transport");
        assertEquals(CONTROLLER_MGMT, alive.peer());
        assertEquals(Header.WORKER, codec.decode(alive.bytes(), 0, alive.bytes().length).header());
    }
}
