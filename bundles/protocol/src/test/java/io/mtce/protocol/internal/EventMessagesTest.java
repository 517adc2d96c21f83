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
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.PxebootInfo;
import io.mtce.protocol.ReadyEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pxeboot mtcAlive request's pxebootInfo and the mtcClient ready event, as the C++ daemons write them. */
class EventMessagesTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void pxebootInfoHasTheThreeKeysTheCppClientReads() throws MalformedMessageException {
        String json = codec.pxebootInfoPayload(new PxebootInfo("169.254.202.2", "169.254.202.2", "169.254.202.3"));
        assertEquals("{\"pxebootInfo\":{\"controller\":\"169.254.202.2\",\"controller-0\":\"169.254.202.2\","
                + "\"controller-1\":\"169.254.202.3\"}}", json);
        MtcMessage request = MtcMessage.command(Command.REQ_MTCALIVE, "aa:bb:cc:dd:ee:ff", new int[0], json);
        assertEquals(new PxebootInfo("169.254.202.2", "169.254.202.2", "169.254.202.3"),
                codec.readPxebootInfo(codec.decode(codec.encode(request), 0, codec.encode(request).length)));
    }

    @Test
    void anOlderAgentsSingleControllerKeyReadsWithEmptyUnits() throws MalformedMessageException {
        MtcMessage request = MtcMessage.command(Command.REQ_MTCALIVE, "aa:bb:cc:dd:ee:ff", new int[0],
                "{\"pxebootInfo\":{\"controller\":\"169.254.202.2\"}}");
        assertEquals(new PxebootInfo("169.254.202.2", "", ""), codec.readPxebootInfo(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"address\":\"x\"}", "{\"pxebootInfo\":\"x\"}",
            "{\"pxebootInfo\":{\"controller-0\":7}}", "{\"pxebootInfo\":{}} x"})
    void aRequestWithoutUsablePxebootInfoIsABadPayload(String json) {
        MtcMessage request = MtcMessage.command(Command.REQ_MTCALIVE, "aa:bb:cc:dd:ee:ff", new int[0], json);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.readPxebootInfo(request));
        assertEquals(Reason.BAD_PAYLOAD, e.reason());
    }

    /** Bytes as mtce_send_event builds them: event header, ver/rev/num 0, cmd 0xF0F0F0F0, JSON, NUL. */
    @Test
    void readyEventBytesMatchTheCppClient() throws MalformedMessageException {
        String json = "{\"hostname\":\"worker-1\",\"service\":\"mtcClient\","
                + "\"active_controller_pxeboot_address\":\"169.254.202.2\",\"features\":[\"pxeboot_mtcAlive\"]}";
        byte[] bytes = codec.encode(codec.readyEvent(ReadyEvent.mtcClient("worker-1", "169.254.202.2")));
        assertEquals(100 + json.length() + 1, bytes.length);
        byte[] expected = new byte[bytes.length];
        byte[] hdr = "mtce event msg  :".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hdr, 0, expected, 0, hdr.length);
        expected[72] = (byte) 0xF0;
        expected[73] = (byte) 0xF0;
        expected[74] = (byte) 0xF0;
        expected[75] = (byte) 0xF0;
        byte[] buf = json.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(buf, 0, expected, 100, buf.length);
        assertArrayEquals(expected, bytes);

        MtcMessage decoded = codec.decode(bytes, 0, bytes.length);
        assertEquals(Header.EVENT, decoded.header());
        ReadyEvent event = codec.readReadyEvent(decoded);
        assertEquals("worker-1", event.hostname());
        assertEquals("169.254.202.2", event.activeControllerPxebootAddress());
        assertTrue(event.offersPxebootMtcAlive());
    }

    @Test
    void aClientWithoutFeaturesDoesNotOfferPxebootMtcAlive() throws MalformedMessageException {
        MtcMessage old = new MtcMessage(Header.EVENT, "", 0, 0, 0, Command.EVENT_MONITOR_READY, new int[0],
                "{\"hostname\":\"worker-2\",\"service\":\"mtcClient\"}");
        ReadyEvent event = codec.readReadyEvent(old);
        assertEquals(List.of(), event.features());
        assertFalse(event.offersPxebootMtcAlive());
        assertFalse(new ReadyEvent("h", "hbsClient", "", List.of(ReadyEvent.PXEBOOT_MTCALIVE))
                .offersPxebootMtcAlive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"service\":\"mtcClient\"}", "{\"hostname\":\"h\"}", "{\"hostname\":1,\"service\":\"s\"}",
            "{\"hostname\":\"h\",\"service\":\"s\",\"features\":\"x\"}",
            "{\"hostname\":\"h\",\"service\":\"s\",\"features\":[1]}", "nope"})
    void aBadReadyEventIsABadPayload(String json) {
        MtcMessage event = new MtcMessage(Header.EVENT, "", 0, 0, 0, Command.EVENT_MONITOR_READY, new int[0], json);
        assertEquals(Reason.BAD_PAYLOAD,
                assertThrows(MalformedMessageException.class, () -> codec.readReadyEvent(event)).reason());
    }

    @Test
    void anotherEventIsTheWrongType() {
        MtcMessage event = new MtcMessage(Header.EVENT, "", 0, 0, 0, 0x04040404, new int[0], "{}");
        assertEquals(Reason.WRONG_TYPE,
                assertThrows(MalformedMessageException.class, () -> codec.readReadyEvent(event)).reason());
    }
}
