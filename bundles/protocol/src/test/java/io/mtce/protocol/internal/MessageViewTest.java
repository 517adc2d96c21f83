package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcMessage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The allocation-free fixed-part reader: same fields and same rejections as the full decoder. */
final class MessageViewTest {
    private final WireCodec codec = new WireCodec();
    private final MessageView view = new MessageView();

    @Test
    void readsEveryGoldenAsTheDecoderDoes() throws MalformedMessageException {
        for (byte[] golden : Golden.all()) {
            assertAgrees(codec.decode(golden, 0, golden.length), view.wrap(golden, 0, golden.length));
        }
    }

    @Test
    void readsAnMtcAliveFixedPart() throws MalformedMessageException {
        byte[] alive = Golden.mtcAlive(Golden.FLAGS_LOCKED);

        assertSame(view, view.wrap(alive, 0, alive.length));
        assertEquals(Header.WORKER, view.header());
        assertEquals(Command.MTCALIVE, view.cmd());
        assertEquals(4, view.num());
        assertEquals(Golden.ALIVE_UPTIME, view.parm(0));
        assertEquals(Golden.FLAGS_LOCKED, view.parm(2));
        assertEquals(42, view.parm(3));
        assertEquals(0, view.parm(4), "past num reads as 0");
        assertTrue(view.hasPayload());
        assertEquals(Golden.ALIVE_LENGTH, view.length());
        assertThrows(IndexOutOfBoundsException.class, () -> view.parm(-1));
    }

    @Test
    void comparesTheTargetMacWithoutBuildingIt() throws MalformedMessageException {
        byte[] locked = Golden.lockedPersist();
        view.wrap(locked, 0, locked.length);

        assertTrue(view.macEquals(Golden.MAC));
        assertFalse(view.macEquals(Golden.MAC.toUpperCase()));
        assertTrue(view.macEqualsIgnoreCase(Golden.MAC.toUpperCase()));
        assertFalse(view.macEquals(Golden.MAC + "0"));
        assertFalse(view.macEqualsIgnoreCase("aa:bb:cc:dd:ee:fe"));
        assertEquals(Golden.MAC, view.mac());

        byte[] ack = Golden.lockedAck();
        view.wrap(ack, 0, ack.length);
        assertTrue(view.macEquals(""), "an ack's MAC string ends at hdr[17]");
        assertFalse(view.hasPayload());
    }

    @Test
    void viewsByteBuffersInPlaceWithoutMovingThem() throws MalformedMessageException {
        byte[] golden = Golden.mtcAlive(Golden.FLAGS_UNLOCKED);
        MtcMessage expected = codec.decode(golden, 0, golden.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(golden.length + 9);
        direct.position(9).mark();
        direct.put(golden).reset();
        ByteBuffer framed = ByteBuffer.wrap(frame(golden, 7), 7, golden.length).slice();

        for (ByteBuffer b : new ByteBuffer[] {ByteBuffer.wrap(golden), framed, direct,
            ByteBuffer.wrap(golden).asReadOnlyBuffer()}) {
            int position = b.position();
            assertAgrees(expected, view.wrap(b));
            assertEquals(position, b.position());
            assertEquals(expected, codec.decode(b));
        }
    }

    @Test
    void rejectsAsTheDecoderDoesAndIsThenEmpty() throws MalformedMessageException {
        byte[] good = Golden.lockedPersist();
        view.wrap(good, 0, good.length);
        byte[] badNum = Golden.lockedPersist();
        badNum[76] = 6;

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> view.wrap(frame(badNum, 3), 3, badNum.length));
        assertEquals(Reason.BAD_NUM, e.reason());
        assertEquals(76, e.offset());
        assertThrows(IllegalStateException.class, view::cmd, "a rejected datagram leaves the view empty");
        assertThrows(IllegalStateException.class, new MessageView()::header);
        assertThrows(MalformedMessageException.class, () -> view.wrap(ByteBuffer.allocateDirect(7)));
        assertThrows(IndexOutOfBoundsException.class, () -> view.wrap(new byte[100], 1, 100));
    }

    @Test
    void leavesBufToTheDecoder() throws MalformedMessageException {
        byte[] unterminated = Golden.lockedPersist();
        unterminated[unterminated.length - 1] = 'x';

        view.wrap(unterminated, 0, unterminated.length);
        assertEquals(Command.LOCKED, view.cmd());
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(unterminated, 0, unterminated.length));
        assertEquals(Reason.UNTERMINATED_BUF, e.reason());
    }

    @Test
    void wrappingAValidDatagramAllocatesNothing() throws MalformedMessageException {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] locked = Golden.lockedPersist();
        ByteBuffer alive = ByteBuffer.wrap(Golden.mtcAlive(Golden.FLAGS_LOCKED));
        long thread = Thread.currentThread().getId();
        long sum = readAll(locked, alive); // loads and initializes every class on the path
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            sum += readAll(locked, alive);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 1_000, allocated + " bytes allocated by 20000 wraps (sum " + sum + ")");
    }

    private long readAll(byte[] locked, ByteBuffer alive) throws MalformedMessageException {
        view.wrap(locked, 0, locked.length);
        long sum = view.cmd() + view.parm(0) + view.ver() + (view.macEqualsIgnoreCase(Golden.MAC) ? 1 : 0);
        view.wrap(alive);
        return sum + view.parm(2) + view.parm(3) + view.header().ordinal();
    }

    static void assertAgrees(MtcMessage expected, MessageView actual) {
        assertEquals(expected.header(), actual.header());
        assertEquals(expected.ver(), actual.ver());
        assertEquals(expected.rev(), actual.rev());
        assertEquals(expected.res(), actual.res());
        assertEquals(expected.cmd(), actual.cmd());
        assertEquals(expected.num(), actual.num());
        for (int i = 0; i < 6; i++) {
            assertEquals(expected.parm(i), actual.parm(i), "parm " + i);
        }
        assertEquals(expected.mac(), actual.mac());
        assertTrue(actual.macEquals(expected.mac()));
        assertEquals(expected.hasPayload(), actual.hasPayload());
    }

    private static byte[] frame(byte[] datagram, int offset) {
        byte[] framed = new byte[offset + datagram.length + 5];
        Arrays.fill(framed, (byte) 0x5A);
        System.arraycopy(datagram, 0, framed, offset, datagram.length);
        return framed;
    }
}
