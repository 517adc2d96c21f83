package io.mtce.protocol;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Encodes and decodes maintenance messages byte-for-byte as the C++ mtcAgent and mtcClient do. Pure: no I/O, no
 * state, safe for concurrent use. Decoding never throws anything but {@link MalformedMessageException}.
 */
@ProviderType
public interface MessageCodec {

    /**
     * @return the datagram the C++ sender produces for {@code message}: 100 bytes when it has no payload, else
     *         100 + UTF-8 length + 1 (the NUL)
     * @throws IllegalArgumentException when the payload is longer than {@link WireFormat#MAX_PAYLOAD_BYTES} bytes
     */
    byte[] encode(MtcMessage message);

    /**
     * Decodes {@code length} bytes of {@code datagram} from {@code offset}, validating them strictly.
     *
     * @throws MalformedMessageException whatever the bytes hold, when they are not a valid message
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not lie within
     *         {@code datagram}: a caller error, not a malformed datagram
     */
    MtcMessage decode(byte[] datagram, int offset, int length) throws MalformedMessageException;

    /** Decodes the remaining bytes of {@code datagram}; its position is left unchanged. */
    MtcMessage decode(ByteBuffer datagram) throws MalformedMessageException;

    /** The mtcAlive message (worker header, cmd 5, num 4, ver 0) carrying {@code alive}. */
    MtcMessage mtcAlive(MtcAlive alive);

    /**
     * The datagram of {@code encode(mtcAlive(alive))}, byte for byte, written straight from {@code alive} when its
     * JSON is plain (as every host's identity is). For senders of mtcAlive.
     *
     * @since 1.2
     */
    byte[] encode(MtcAlive alive);

    /**
     * Reads the parm words and JSON payload of an mtcAlive message.
     *
     * @throws MalformedMessageException {@code WRONG_TYPE} when {@code message} is not an mtcAlive,
     *         {@code BAD_PAYLOAD} when its JSON is invalid or lacks hostname, personality or interface
     */
    MtcAlive readMtcAlive(MtcMessage message) throws MalformedMessageException;

    /**
     * Decodes an mtcAlive datagram straight to its content: the same result, or the same exception, as
     * {@code readMtcAlive(decode(datagram, offset, length))}, without building the message in between when the
     * JSON is plain (as every C++ and Java client sends it). For receive loops that take mtcAlive in bulk.
     *
     * @throws MalformedMessageException when the bytes are not a valid message, or not a valid mtcAlive
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not lie within {@code datagram}
     * @since 1.2
     */
    MtcAlive readMtcAlive(byte[] datagram, int offset, int length) throws MalformedMessageException;

    /** As {@link #readMtcAlive(byte[], int, int)} for the remaining bytes of {@code datagram}, left unchanged. */
    MtcAlive readMtcAlive(ByteBuffer datagram) throws MalformedMessageException;

    /**
     * The default payload the agent puts in a command: {"address":"&lt;agent ip&gt;","interface":"&lt;network&gt;"}.
     */
    String commandPayload(String agentAddress, Network network);

    /**
     * The payload of the agent's pxeboot mtcAlive request:
     * {"pxebootInfo":{"controller":"..","controller-0":"..","controller-1":".."}}.
     *
     * @since 1.3
     */
    String pxebootInfoPayload(PxebootInfo info);

    /**
     * Reads the {@code pxebootInfo} of a pxeboot mtcAlive request. A key that is absent reads as "".
     *
     * @throws MalformedMessageException {@code BAD_PAYLOAD} when the buf is not a JSON object with a
     *         {@code pxebootInfo} object whose values are strings
     * @since 1.3
     */
    PxebootInfo readPxebootInfo(MtcMessage request) throws MalformedMessageException;

    /**
     * The ready event message: event header, cmd {@link Command#EVENT_MONITOR_READY}, num 0, the event's JSON.
     *
     * @since 1.3
     */
    MtcMessage readyEvent(ReadyEvent event);

    /**
     * Reads a ready event.
     *
     * @throws MalformedMessageException {@code WRONG_TYPE} when {@code message} is not a ready event,
     *         {@code BAD_PAYLOAD} when its JSON lacks hostname or service, or is not the shape the C++ sends
     * @since 1.3
     */
    ReadyEvent readReadyEvent(MtcMessage message) throws MalformedMessageException;
}
