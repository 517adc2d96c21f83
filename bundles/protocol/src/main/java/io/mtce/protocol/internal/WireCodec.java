package io.mtce.protocol.internal;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.PxebootInfo;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.WireFormat;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.osgi.service.component.annotations.Component;

/** The byte-exact {@code mtc_message_type} codec. Stateless, so one instance serves every caller. */
@Component(service = MessageCodec.class)
public final class WireCodec implements MessageCodec {
    /** parm words an mtcAlive carries: uptime, health, flags, sequence. */
    private static final int MTCALIVE_NUM = 4;

    public WireCodec() {
        // Public no-arg constructor for DS and for unit tests.
    }

    @Override
    public byte[] encode(MtcMessage message) {
        return DatagramWriter.write(Objects.requireNonNull(message, "message"));
    }

    @Override
    public MtcMessage decode(byte[] datagram, int offset, int length) throws MalformedMessageException {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        return DatagramReader.read(datagram, offset, length);
    }

    @Override
    public MtcMessage decode(ByteBuffer datagram) throws MalformedMessageException {
        int length = datagram.remaining();
        if (datagram.hasArray()) {
            return DatagramReader.read(datagram.array(), datagram.arrayOffset() + datagram.position(), length);
        }
        new MessageView().wrap(datagram); // rejects a bad size or fixed part before copying
        byte[] copy = new byte[length];
        datagram.get(datagram.position(), copy);
        return DatagramReader.read(copy, 0, length);
    }

    @Override
    public MtcMessage mtcAlive(MtcAlive alive) {
        // The client memsets the struct and never sets ver/rev/res.
        return new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, parms(alive), MtcAliveJson.write(alive));
    }

    private static int[] parms(MtcAlive alive) {
        int[] parms = new int[MTCALIVE_NUM];
        parms[MtcAliveFlags.PARM_UPTIME] = alive.uptime();
        parms[MtcAliveFlags.PARM_HEALTH] = alive.health();
        parms[MtcAliveFlags.PARM_FLAGS] = alive.flags();
        parms[MtcAliveFlags.PARM_SEQUENCE] = alive.sequence();
        return parms;
    }

    @Override
    public byte[] encode(MtcAlive alive) {
        int json = PlainMtcAliveJson.length(alive);
        if (json < 0) {
            return encode(mtcAlive(alive));
        }
        byte[] out = new byte[WireFormat.FIXED_SIZE + json + 1]; // the NUL after the JSON: zeroed already
        DatagramWriter.writeFixedPart(out, Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, parms(alive));
        PlainMtcAliveJson.writeTo(alive, out, WireFormat.OFFSET_BUF, json);
        return out;
    }

    @Override
    public MtcAlive readMtcAlive(MtcMessage message) throws MalformedMessageException {
        checkIsMtcAlive(message);
        if (message.payload() == null) {
            throw new MalformedMessageException(Reason.BAD_PAYLOAD, WireFormat.OFFSET_BUF,
                    "mtcAlive has no buf; it must carry the identity JSON");
        }
        MtcAliveJson.Identity id = MtcAliveJson.read(message.payload());
        return new MtcAlive(id.hostname(), id.personality(), id.pxebootIp(), id.mgmtIp(), id.clusterHostIp(),
                id.mgmtMac(), id.network(), message.parm(MtcAliveFlags.PARM_UPTIME),
                message.parm(MtcAliveFlags.PARM_HEALTH), message.parm(MtcAliveFlags.PARM_FLAGS),
                message.parm(MtcAliveFlags.PARM_SEQUENCE));
    }

    @Override
    public MtcAlive readMtcAlive(byte[] datagram, int offset, int length) throws MalformedMessageException {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        MtcAlive plain = plainMtcAlive(datagram, offset, length);
        return plain != null ? plain : readMtcAlive(DatagramReader.read(datagram, offset, length));
    }

    @Override
    public MtcAlive readMtcAlive(ByteBuffer datagram) throws MalformedMessageException {
        if (datagram.hasArray()) {
            return readMtcAlive(datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining());
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(datagram.position(), copy);
        return readMtcAlive(copy, 0, copy.length);
    }

    /**
     * The mtcAlive read from the bytes in place when it is valid and its buf is plain ASCII JSON; null when the
     * general path must decide. The fixed part is checked first, exactly as {@code decode} checks it.
     */
    private static MtcAlive plainMtcAlive(byte[] datagram, int base, int length) throws MalformedMessageException {
        MessageView fixed = new MessageView().wrap(datagram, base, length);
        if (fixed.header() != Header.WORKER || fixed.cmd() != Command.MTCALIVE || fixed.num() < MTCALIVE_NUM
                || !fixed.hasPayload()) {
            return null;
        }
        // Plain JSON is ASCII, so buf up to its NUL is what decode would have made a string of.
        MtcAliveJson.Identity id = PlainMtcAliveJson.read(datagram, base + WireFormat.OFFSET_BUF, base + length, true);
        if (id == null) {
            return null;
        }
        return new MtcAlive(id.hostname(), id.personality(), id.pxebootIp(), id.mgmtIp(), id.clusterHostIp(),
                id.mgmtMac(), id.network(), fixed.parm(MtcAliveFlags.PARM_UPTIME),
                fixed.parm(MtcAliveFlags.PARM_HEALTH), fixed.parm(MtcAliveFlags.PARM_FLAGS),
                fixed.parm(MtcAliveFlags.PARM_SEQUENCE));
    }

    @Override
    public String commandPayload(String agentAddress, Network network) {
        return CommandPayloadJson.write(agentAddress, network);
    }

    @Override
    public String pxebootInfoPayload(PxebootInfo info) {
        return EventJson.writePxebootInfo(Objects.requireNonNull(info, "info"));
    }

    @Override
    public PxebootInfo readPxebootInfo(MtcMessage request) throws MalformedMessageException {
        return EventJson.readPxebootInfo(request.payload() == null ? "" : request.payload());
    }

    @Override
    public MtcMessage readyEvent(ReadyEvent event) {
        return new MtcMessage(Header.EVENT, "", 0, 0, 0, Command.EVENT_MONITOR_READY, new int[0],
                EventJson.writeReadyEvent(Objects.requireNonNull(event, "event")));
    }

    @Override
    public ReadyEvent readReadyEvent(MtcMessage message) throws MalformedMessageException {
        if (message.header() != Header.EVENT || message.cmd() != Command.EVENT_MONITOR_READY) {
            throw new MalformedMessageException(Reason.WRONG_TYPE, 0, "not a ready event: " + message.header()
                    + " cmd 0x" + Integer.toHexString(message.cmd()));
        }
        return EventJson.readReadyEvent(message.payload() == null ? "" : message.payload());
    }

    private static void checkIsMtcAlive(MtcMessage message) throws MalformedMessageException {
        if (message.header() != Header.WORKER) {
            throw new MalformedMessageException(Reason.WRONG_TYPE, 0, "not an mtcAlive: header is "
                    + message.header() + " (\"" + message.header().text() + "\"), expected WORKER");
        }
        if (message.cmd() != Command.MTCALIVE) {
            throw new MalformedMessageException(Reason.WRONG_TYPE, WireFormat.OFFSET_CMD, "not an mtcAlive: cmd is "
                    + Integer.toUnsignedString(message.cmd()) + " (" + Command.name(message.cmd()) + "), expected "
                    + Command.MTCALIVE);
        }
        if (message.num() < MTCALIVE_NUM) {
            throw new MalformedMessageException(Reason.BAD_NUM, WireFormat.OFFSET_NUM, "mtcAlive num is "
                    + message.num() + "; uptime, health, flags and sequence need " + MTCALIVE_NUM);
        }
    }
}
