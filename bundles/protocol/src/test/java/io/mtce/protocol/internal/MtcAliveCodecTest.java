package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Building and reading the mtcAlive message: parm words plus the identity JSON. */
final class MtcAliveCodecTest {
    private static final String MINIMAL = "{\"hostname\":\"h\",\"personality\":\"p\",\"interface\":\"Clstr\"}";

    private final WireCodec codec = new WireCodec();

    @Test
    void mtcAliveMessageHasTheClientFields() {
        MtcMessage m = codec.mtcAlive(Golden.alive(Golden.FLAGS_LOCKED));

        assertEquals(Golden.aliveMessage(Golden.FLAGS_LOCKED), m);
        assertEquals(Header.WORKER, m.header());
        assertEquals("", m.mac());
        assertEquals(0, m.ver());
        assertEquals(Command.MTCALIVE, m.cmd());
        assertArrayEquals(new int[] {3600, 1, 0x2D, 42}, m.parms());
        assertEquals(Golden.ALIVE_JSON, m.payload());
    }

    @Test
    void goldenMtcAliveReadsBack() throws MalformedMessageException {
        byte[] wire = Golden.mtcAlive(Golden.FLAGS_LOCKED);
        MtcAlive alive = codec.readMtcAlive(codec.decode(wire, 0, wire.length));

        assertEquals(Golden.alive(Golden.FLAGS_LOCKED), alive);
        assertTrue(alive.locked());
        assertFalse(codec.readMtcAlive(codec.mtcAlive(Golden.alive(Golden.FLAGS_UNLOCKED))).locked());
    }

    @ParameterizedTest
    @EnumSource(Network.class)
    void roundTripsOnEveryNetwork(Network network) throws MalformedMessageException {
        MtcAlive alive = new MtcAlive("controller-1", "controller", null, "fd00::3", "", "", network, 12, 2, 0x1008,
                7);
        byte[] wire = codec.encode(codec.mtcAlive(alive));

        MtcAlive back = codec.readMtcAlive(codec.decode(wire, 0, wire.length));

        assertEquals(alive, back);
        assertEquals(network, back.network());
        assertTrue(codec.mtcAlive(alive).payload().contains("\"interface\":\"" + network.wireName() + "\""));
    }

    @Test
    void sequenceIsWrittenAsAnUnsignedNumber() throws MalformedMessageException {
        MtcAlive alive = new MtcAlive("h", "p", "", "", "", "", Network.PXEBOOT, -1, 0, 0, -1);
        MtcMessage m = codec.mtcAlive(alive);

        assertTrue(m.payload().endsWith(",\"interface\":\"Pxeboot\",\"sequence\":4294967295}"), m.payload());
        byte[] wire = codec.encode(m);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, Arrays.copyOfRange(wire, 92, 96));
        assertEquals(alive, codec.readMtcAlive(codec.decode(wire, 0, wire.length)));
    }

    @Test
    void stringsAreJsonEscaped() throws MalformedMessageException {
        MtcAlive alive = new MtcAlive("a\"b\\c", "p\u00e9", "", "", "", "", Network.MANAGEMENT, 1, 1, 1, 1);
        MtcMessage m = codec.mtcAlive(alive);

        assertTrue(m.payload().startsWith("{\"hostname\":\"a\\\"b\\\\c\",\"personality\":\"p\u00e9\""), m.payload());
        assertEquals(alive, codec.readMtcAlive(m));
    }

    @Test
    void payloadWithoutPxebootIpAsSentBeforePxebootSupport() throws MalformedMessageException {
        String old = "{\"hostname\":\"worker-1\",\"personality\":\"worker\",\"mgmt_ip\":\"192.168.204.9\","
                + "\"cluster_host_ip\":\"192.168.206.9\",\"mgmt_mac\":\"08:00:27:00:00:09\",\"interface\":\"Mgmnt\","
                + "\"sequence\":3}";

        MtcAlive alive = codec.readMtcAlive(alive(old));

        assertEquals("", alive.pxebootIp());
        assertEquals("192.168.204.9", alive.mgmtIp());
        assertEquals("08:00:27:00:00:09", alive.mgmtMac());
    }

    @Test
    void parmSequenceWinsOverAMismatchedJsonSequence() throws MalformedMessageException {
        String json = MINIMAL.replace("}", ",\"sequence\":999}");

        assertEquals(42, codec.readMtcAlive(alive(json)).sequence());
    }

    @Test
    void unknownKeysAreIgnoredWhateverTheirType() throws MalformedMessageException {
        String json = "{\"x\":[1,{\"y\":null}],\"hostname\":\"h\",\"features\":{\"a\":[true]},\"personality\":\"p\","
                + "\"interface\":\"Clstr\",\"sequence\":\"not checked\",\"z\":1.5e3}";

        MtcAlive alive = codec.readMtcAlive(alive(json));

        assertEquals("h", alive.hostname());
        assertEquals(Network.CLUSTER_HOST, alive.network());
    }

    @Test
    void minimalPayloadDefaultsOptionalKeysToEmpty() throws MalformedMessageException {
        MtcAlive alive = codec.readMtcAlive(alive(" " + MINIMAL + " \n"));

        assertEquals(new MtcAlive("h", "p", "", "", "", "", Network.CLUSTER_HOST, 3600, 1, 0x2D, 42), alive);
    }

    @Test
    void invalidJsonReportsWhere() {
        MalformedMessageException e = rejected("{\"hostname\":", Reason.BAD_PAYLOAD, 100);
        assertMentions(e, "invalid JSON at character");
    }

    @Test
    void unquotedTokenIsInvalidJson() {
        MalformedMessageException e = rejected("{\"hostname\":abc}", Reason.BAD_PAYLOAD, 100);
        assertMentions(e, "invalid JSON at character 15", "'abc'");
    }

    @Test
    void missingPersonality() {
        MalformedMessageException e = rejected("{\"hostname\":\"h\",\"interface\":\"Mgmnt\"}", Reason.BAD_PAYLOAD,
                100);
        assertMentions(e, "\"personality\"", "missing");
    }

    @Test
    void missingHostname() {
        assertMentions(rejected("{\"personality\":\"p\",\"interface\":\"Mgmnt\"}", Reason.BAD_PAYLOAD, 100),
                "\"hostname\"", "missing");
    }

    @Test
    void missingInterface() {
        assertMentions(rejected("{\"hostname\":\"h\",\"personality\":\"p\"}", Reason.BAD_PAYLOAD, 100),
                "\"interface\"", "missing");
    }

    @Test
    void interfaceNotAKnownNetworkName() {
        MalformedMessageException e = rejected(MINIMAL.replace("Clstr", "mgmnt"), Reason.BAD_PAYLOAD, 100);
        assertMentions(e, "\"interface\"", "\"mgmnt\"", "Mgmnt, Clstr, Pxeboot");
    }

    @Test
    void requiredKeyOfTheWrongType() {
        MalformedMessageException e = rejected(MINIMAL.replace("\"h\"", "5"), Reason.BAD_PAYLOAD, 100);
        assertMentions(e, "\"hostname\"", "must be a string", "a number");
    }

    @Test
    void optionalKeyOfTheWrongType() {
        MalformedMessageException e = rejected(MINIMAL.replace("}", ",\"mgmt_ip\":[\"1.2.3.4\"]}"),
                Reason.BAD_PAYLOAD, 100);
        assertMentions(e, "\"mgmt_ip\"", "an array");
    }

    @Test
    void nullIsNotAString() {
        assertMentions(rejected(MINIMAL.replace("\"p\"", "null"), Reason.BAD_PAYLOAD, 100), "\"personality\"",
                "null");
    }

    @Test
    void topLevelArray() {
        MalformedMessageException e = rejected("[" + MINIMAL + "]", Reason.BAD_PAYLOAD, 100);
        assertMentions(e, "top level must be a JSON object", "an array");
    }

    @Test
    void emptyPayload() {
        assertMentions(rejected("", Reason.BAD_PAYLOAD, 100), "top level", "end of the input");
    }

    @Test
    void trailingObjectAfterTheObject() {
        assertMentions(rejected(MINIMAL + "{}", Reason.BAD_PAYLOAD, 100), "trailing content");
    }

    @Test
    void trailingGarbageAfterTheObject() {
        assertMentions(rejected(MINIMAL + " x", Reason.BAD_PAYLOAD, 100), "invalid JSON");
    }

    @Test
    void mtcAliveWithoutBuf() {
        MtcMessage m = new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, new int[4], null);

        assertMentions(rejected(m, Reason.BAD_PAYLOAD, 100), "no buf");
    }

    @Test
    void mtcAliveWithTooFewParms() {
        MtcMessage m = new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, new int[3], MINIMAL);

        assertMentions(rejected(m, Reason.BAD_NUM, 76), "num is 3", "4");
    }

    @Test
    void lockedCommandIsTheWrongType() throws MalformedMessageException {
        byte[] wire = Golden.lockedPersist();

        MalformedMessageException e = rejected(codec.decode(wire, 0, wire.length), Reason.WRONG_TYPE, 0);
        assertMentions(e, "not an mtcAlive", "CMD_REQ");
    }

    @Test
    void goEnabledIsTheWrongType() {
        MtcMessage m = new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MAIN_GOENABLED, new int[4], MINIMAL);

        assertMentions(rejected(m, Reason.WRONG_TYPE, 72), "not an mtcAlive", "goEnabled main");
    }

    private static MtcMessage alive(String json) {
        return new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, new int[] {3600, 1, 0x2D, 42}, json);
    }

    private MalformedMessageException rejected(String json, Reason reason, int offset) {
        return rejected(alive(json), reason, offset);
    }

    private MalformedMessageException rejected(MtcMessage m, Reason reason, int offset) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.readMtcAlive(m));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
