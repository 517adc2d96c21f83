package io.mtce.bench;

import io.mtce.protocol.Command;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.internal.WireCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the wire codec on the messages the node-lock path carries: LOCKED (agent to client), its 100-byte
 * ack, and mtcAlive (client to agent). Single-threaded: one benchmark thread is one core. The view benchmarks read
 * the fixed part in place with a reused {@link MessageView}, as a receive loop would. The heap is fixed at 1 GiB: with
 * the JVM's default (G1 growing from 1/64 of RAM) the allocating benchmarks measured G1's heap sizing as much as the
 * codec (forks of the same benchmark 30 % apart).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {
    static final String MAC = "08:00:27:aa:bb:cc";

    private final MessageCodec codec = new WireCodec();
    private MtcMessage locked;
    private MtcAlive alive;
    private byte[] lockedWire;
    private byte[] aliveWire;
    private byte[] ackWire;
    private ByteBuffer aliveBuffer;
    private final MessageView view = new MessageView();

    @Setup
    public void setUp() {
        locked = MtcMessage.command(Command.LOCKED, MAC, new int[] {1},
                codec.commandPayload("192.168.204.2", Network.MANAGEMENT));
        alive = new MtcAlive("compute-0", "worker", "169.254.202.3", "192.168.204.3", "192.168.206.3", MAC,
                Network.MANAGEMENT, 3600, MtcAliveFlags.HEALTH_HEALTHY,
                MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY | MtcAliveFlags.I_AM_LOCKED, 42);
        lockedWire = codec.encode(locked);
        aliveWire = codec.encode(codec.mtcAlive(alive));
        ackWire = codec.encode(MtcMessage.ackOf(locked));
        aliveBuffer = ByteBuffer.wrap(aliveWire);
    }

    @Benchmark
    public byte[] encodeLocked() {
        return codec.encode(locked);
    }

    @Benchmark
    public MtcMessage decodeLocked() throws MalformedMessageException {
        return codec.decode(lockedWire, 0, lockedWire.length);
    }

    /** What a client sends every 5 s per network: straight from the content to the datagram. */
    @Benchmark
    public byte[] encodeMtcAlive() {
        return codec.encode(alive);
    }

    /** The same through the whole message: build it, then encode it. */
    @Benchmark
    public byte[] encodeMtcAliveThroughMessage() {
        return codec.encode(codec.mtcAlive(alive));
    }

    /** What the agent's receive loop does with an mtcAlive: straight from the bytes to its content. */
    @Benchmark
    public MtcAlive decodeMtcAlive() throws MalformedMessageException {
        return codec.readMtcAlive(aliveWire, 0, aliveWire.length);
    }

    /** The same through the whole message: decode, then read its JSON. */
    @Benchmark
    public MtcAlive decodeThenReadMtcAlive() throws MalformedMessageException {
        return codec.readMtcAlive(codec.decode(aliveWire, 0, aliveWire.length));
    }

    @Benchmark
    public MtcMessage decodeAck() throws MalformedMessageException {
        return codec.decode(ackWire, 0, ackWire.length);
    }

    /** What a client checks of a command: type, version, target MAC, persist flag. */
    @Benchmark
    public void viewLocked(Blackhole bh) throws MalformedMessageException {
        view.wrap(lockedWire, 0, lockedWire.length);
        bh.consume(view.header());
        bh.consume(view.cmd());
        bh.consume(view.ver());
        bh.consume(view.macEqualsIgnoreCase(MAC));
        bh.consume(view.parm(Command.PARM_LOCK_PERSIST));
    }

    /** The fixed part of an mtcAlive as received: a heap ByteBuffer from the transport. */
    @Benchmark
    public void viewMtcAlive(Blackhole bh) throws MalformedMessageException {
        view.wrap(aliveBuffer);
        bh.consume(view.header());
        bh.consume(view.cmd());
        bh.consume(view.parm(MtcAliveFlags.PARM_FLAGS));
        bh.consume(view.parm(MtcAliveFlags.PARM_SEQUENCE));
    }

    @Benchmark
    public void viewAck(Blackhole bh) throws MalformedMessageException {
        view.wrap(ackWire, 0, ackWire.length);
        bh.consume(view.header());
        bh.consume(view.cmd());
        bh.consume(view.parm(0));
    }
}
