package io.mtce.bench;

import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.Network;
import io.mtce.protocol.internal.WireCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Sends mtcAlive datagrams from a host the agent does not know, every INTERVAL ms for at most DURATION ms, so that
 * the agent's "unknown hostname message ... on Pxeboot network" log line marks the first datagram it received.
 * Used by bench/hot-deploy.sh; bounded in time, loopback only.
 */
public final class AliveProbe {
    private AliveProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: AliveProbe ADDRESS PORT INTERVAL_MS DURATION_MS HOSTNAME");
            System.exit(2);
        }
        InetAddress address = InetAddress.getByName(args[0]);
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(address + " is not a loopback address");
        }
        int port = Integer.parseInt(args[1]);
        long interval = Long.parseLong(args[2]);
        long deadline = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000L;
        MessageCodec codec = new WireCodec();
        int sent = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            System.out.println("probe sending to " + address.getHostAddress() + ":" + port);
            while (System.nanoTime() < deadline) {
                MtcAlive alive = new MtcAlive(args[4], "worker", "", "", "", "", Network.PXEBOOT, 1,
                        MtcAliveFlags.HEALTH_HEALTHY, MtcAliveFlags.I_AM_CONFIGURED, ++sent);
                byte[] wire = codec.encode(alive);
                socket.send(new DatagramPacket(wire, wire.length, address, port));
                Thread.sleep(interval);
            }
        }
        System.out.println("probe sent " + sent);
    }
}
