package io.mtce.transport.internal;

import static io.mtce.transport.internal.Loopback.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointConfigTest {

    @ParameterizedTest
    @CsvSource({
        "MANAGEMENT,   AGENT,  2101, 2118, 4194304",
        "MANAGEMENT,   CLIENT, 2118, 2101, 0",
        "CLUSTER_HOST, AGENT,  2101, 2115, 4194304",
        "CLUSTER_HOST, CLIENT, 2115, 2101, 0",
        "PXEBOOT,      AGENT,  2102, 2119, 4194304",
        "PXEBOOT,      CLIENT, 2119, 2102, 0"})
    void defaultsAreTheSpecPorts(Network network, Role role, int rx, int peer, int rcvbuf) throws Exception {
        EndpointConfig c = EndpointConfig.parse(network, Map.of(EndpointConfig.ROLE, role.propertyValue()));

        assertEquals(rx, c.rxPort());
        assertEquals(peer, c.peerPort());
        assertEquals(rcvbuf, c.rcvbufBytes());
        assertNull(c.bindAddress());
        assertEquals("", c.bindInterface());
        assertFalse(c.ipv6());
        assertFalse(c.reuseAddress());
    }

    @Test
    void valuesFromCfgFilesMayBeStrings() throws Exception {
        EndpointConfig c = EndpointConfig.parse(Network.MANAGEMENT, Map.of(EndpointConfig.ROLE, " client ",
                EndpointConfig.RX_PORT, "0", EndpointConfig.PEER_PORT, "3101", EndpointConfig.BIND_ADDRESS,
                "fd00::2", EndpointConfig.REUSE_ADDRESS, "true", EndpointConfig.RCVBUF_BYTES, 0L));

        assertEquals(Role.CLIENT, c.role());
        assertEquals(0, c.rxPort());
        assertEquals(3101, c.peerPort());
        assertTrue(c.ipv6());
        assertTrue(c.reuseAddress());
        assertEquals(0, c.rcvbufBytes());
        assertEquals("management/client", c.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rx.port         | 70000     | rx.port: 70000 is out of range -1..65535",
        "rx.port         | -2        | rx.port: -2 is out of range -1..65535",
        "rx.port         | eleven    | rx.port: 'eleven' is not a number",
        "peer.port       | 0         | peer.port: 0 is not a port one can send to",
        "peer.port       | 65536     | peer.port: 65536 is out of range -1..65535",
        "rcvbuf.bytes    | -5        | rcvbuf.bytes: -5 is out of range -1..2147483647",
        "bind.address    | not-an-ip | bind.address: 'not-an-ip' is not an IPv4 or IPv6 address literal",
        "bind.address    | localhost | bind.address: 'localhost' is not an IPv4 or IPv6 address literal",
        "bind.address    | 10.0.0.256| bind.address: '10.0.0.256' is not an IPv4 or IPv6 address literal",
        "bind.address    | fd00:::2  | bind.address: 'fd00:::2' is not an IPv4 or IPv6 address literal",
        "address.family  | ipx       | address.family: must be 'ipv4' or 'ipv6', was 'ipx'",
        "reuse.address   | yes       | reuse.address: must be true or false, was 'yes'",
        "mtce.role       | boss      | mtce.role: must be 'agent' or 'client', was 'boss'"})
    void invalidValuesNameTheirKey(String key, String value, String message) {
        Map<String, Object> p = properties(Role.AGENT, 0);
        p.put(key, value);

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> EndpointConfig.parse(Network.MANAGEMENT, p));

        assertEquals(key, e.key());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aMissingRoleIsAnError() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> EndpointConfig.parse(Network.CLUSTER_HOST, Map.of(EndpointConfig.BIND_ADDRESS, "10.0.0.5")));

        assertEquals("mtce.role: must be 'agent' or 'client', was missing", e.getMessage());
    }

    @Test
    void pxebootIsIpv4Only() {
        Map<String, Object> address = properties(Role.CLIENT, 0);
        address.put(EndpointConfig.BIND_ADDRESS, "fd00::2");
        Map<String, Object> family = properties(Role.CLIENT, 0);
        family.remove(EndpointConfig.BIND_ADDRESS);
        family.put(EndpointConfig.ADDRESS_FAMILY, "ipv6");

        assertEquals("bind.address: the pxeboot network is IPv4 only", assertThrows(InvalidConfigurationException.class,
                () -> EndpointConfig.parse(Network.PXEBOOT, address)).getMessage());
        assertEquals("address.family", assertThrows(
                InvalidConfigurationException.class, () -> EndpointConfig.parse(Network.PXEBOOT, family)).key());
    }

    @Test
    void addressAndInterfaceTogetherAreAmbiguous() {
        Map<String, Object> p = properties(Role.AGENT, 0);
        p.put(EndpointConfig.BIND_INTERFACE, "eth0");

        assertEquals("bind.interface", assertThrows(InvalidConfigurationException.class,
                () -> EndpointConfig.parse(Network.MANAGEMENT, p)).key());
    }

    @Test
    void emptyStringsMeanUnset() throws Exception {
        EndpointConfig c = EndpointConfig.parse(Network.CLUSTER_HOST, Map.of(EndpointConfig.ROLE, "agent",
                EndpointConfig.BIND_ADDRESS, "", EndpointConfig.BIND_INTERFACE, "eth1",
                EndpointConfig.ADDRESS_FAMILY, "ipv6", EndpointConfig.RX_PORT, ""));

        assertNull(c.bindAddress());
        assertEquals("eth1", c.bindInterface());
        assertTrue(c.ipv6());
        assertEquals(2101, c.rxPort());
    }
}
