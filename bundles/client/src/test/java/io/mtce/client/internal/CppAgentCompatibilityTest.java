package io.mtce.client.internal;

import static io.mtce.client.internal.ClientFixtures.CONTROLLER0_CLUSTER;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER1_CLUSTER;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER_MGMT;
import static io.mtce.client.internal.ClientFixtures.MAC;
import static io.mtce.client.internal.ClientFixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.PxebootInfo;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What a Java client needs to work under the C++ mtcAgent (mtce-spec.md sections 1.3, 1.7, 2.2): commands from the
 * active controller's unit address, acks to where the C++ agent listens, the MAC compared exactly, pxeboot addresses
 * learned from pxebootInfo, and the ready event that makes the C++ agent monitor pxeboot.
 */
class CppAgentCompatibilityTest {
    private static final InetAddress CONTROLLER0_MGMT = ip("192.168.204.3");
    private static final InetAddress CONTROLLER1_MGMT = ip("192.168.204.4");
    private static final InetAddress CONTROLLER0_PXEBOOT = ip("169.254.202.3");
    private static final InetAddress CONTROLLER1_PXEBOOT = ip("169.254.202.4");
    private static final String PAYLOAD = "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}";

    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final RecordingLogger log = new RecordingLogger();
    private final AtomicLong nanos = new AtomicLong();
    private final FakeTransport mgmt = new FakeTransport(Network.MANAGEMENT, Role.CLIENT);
    private final FakeTransport cluster = new FakeTransport(Network.CLUSTER_HOST, Role.CLIENT);
    private final FakeTransport pxeboot = new FakeTransport(Network.PXEBOOT, Role.CLIENT);
    private final ClientSettings settings = new ClientSettings(ClientFixtures.HOST, "worker", MAC,
            ClientFixtures.MGMT_IP, ClientFixtures.CLUSTER_IP, ClientFixtures.PXEBOOT_IP,
            Map.of(Network.MANAGEMENT, List.of(CONTROLLER_MGMT),
                    Network.CLUSTER_HOST, List.of(CONTROLLER0_CLUSTER, CONTROLLER1_CLUSTER),
                    Network.PXEBOOT, List.of()),
            3_600_000, 3_600_000, false, List.of(CONTROLLER0_MGMT, CONTROLLER1_MGMT));
    private final MtcAliveComposer composer = new MtcAliveComposer(settings, codec, flags, () -> 42);
    private final PxebootControllers controllers = new PxebootControllers(settings, log);
    private final CommandProcessor processor = new CommandProcessor(settings, true,
            io.mtce.protocol.auth.DatagramAuthenticator.off(), codec, flags, composer, controllers, log, nanos::get);

    private static ByteBuffer command(int cmd, String mac, String payload, int... parms) {
        return ByteBuffer.wrap(new WireCodec().encode(MtcMessage.command(cmd, mac, parms, payload)));
    }

    private static InetSocketAddress from(InetAddress address) {
        return new InetSocketAddress(address, 40000);
    }

    private List<String> peers(FakeTransport transport) {
        List<String> out = new ArrayList<>();
        for (FakeTransport.Sent sent = transport.sent().poll(); sent != null; sent = transport.sent().poll()) {
            out.add(sent.peer().getHostAddress() + ":" + sent.port());
        }
        return out;
    }

    @Test
    void aLockFromTheActiveControllersUnitAddressIsObeyedAndAckedToTheFloatingAddress() {
        processor.handle(mgmt, from(CONTROLLER1_MGMT), command(Command.LOCKED, MAC, PAYLOAD, 1));

        assertEquals(List.of("lock(true)"), flags.calls());
        assertEquals(List.of(CONTROLLER_MGMT.getHostAddress() + ":" + FakeTransport.AGENT_PORT), peers(mgmt),
                "the C++ agent listens on the floating address only");
    }

    @Test
    void anUnlockFromAUnitAddressIsObeyed() {
        processor.handle(mgmt, from(CONTROLLER0_MGMT), command(Command.UNLOCKED, MAC, PAYLOAD));

        assertEquals(List.of("unlock()"), flags.calls());
        assertEquals(1, peers(mgmt).size());
    }

    @Test
    void aClusterHostAckGoesToBothControllers() {
        processor.handle(cluster, from(CONTROLLER1_CLUSTER), command(Command.LOCKED, MAC, PAYLOAD, 1));

        assertEquals(List.of(CONTROLLER0_CLUSTER.getHostAddress() + ":" + FakeTransport.AGENT_PORT,
                CONTROLLER1_CLUSTER.getHostAddress() + ":" + FakeTransport.AGENT_PORT), peers(cluster));
    }

    @Test
    void aPxebootAckGoesBackToItsSource() {
        controllers.learn(new PxebootInfo("", CONTROLLER0_PXEBOOT.getHostAddress(), ""));
        allowPxeboot(CONTROLLER0_PXEBOOT).handle(pxeboot, from(CONTROLLER0_PXEBOOT),
                command(Command.LOCKED, MAC, PAYLOAD, 1));

        assertEquals(List.of(CONTROLLER0_PXEBOOT.getHostAddress() + ":" + FakeTransport.AGENT_PORT), peers(pxeboot));
    }

    @Test
    void theMacIsComparedWithItsCaseAsTheCppClientDoes() {
        String mac = "0a:bc:de:00:00:01";
        ClientSettings lettered = new ClientSettings(settings.hostname(), settings.personality(), mac,
                settings.mgmtIp(), settings.clusterHostIp(), settings.pxebootIp(), settings.controllers(),
                3_600_000, 3_600_000, false, settings.mgmtUnits());
        CommandProcessor p = new CommandProcessor(lettered, true, io.mtce.protocol.auth.DatagramAuthenticator.off(),
                codec, flags, composer, controllers, log, nanos::get);
        p.handle(mgmt, from(CONTROLLER0_MGMT), command(Command.LOCKED, mac.toUpperCase(Locale.ROOT), PAYLOAD, 1));

        assertTrue(flags.calls().isEmpty(), "a MAC in another case is another host's");
        assertTrue(peers(mgmt).isEmpty());
        assertTrue(log.logged(Level.WARN, "not for this host"));
    }

    @Test
    void aConfiguredMacIsTakenInTheKernelsLowerCase() {
        ClientSettings upper = new ClientSettings("h", "worker", "02:AB:CD:00:00:01", "", "", "", Map.of(), 1, 0,
                false);
        assertEquals("02:ab:cd:00:00:01", upper.mgmtMac());
    }

    @Test
    void aPxebootRequestTeachesBothControllersAndTheAnswerGoesToThem() throws Exception {
        String info = codec.pxebootInfoPayload(new PxebootInfo(CONTROLLER1_PXEBOOT.getHostAddress(),
                CONTROLLER0_PXEBOOT.getHostAddress(), CONTROLLER1_PXEBOOT.getHostAddress()));
        allowPxeboot(CONTROLLER1_PXEBOOT).handle(pxeboot, from(CONTROLLER1_PXEBOOT),
                command(Command.REQ_MTCALIVE, MAC, info));

        List<FakeTransport.Sent> sent = new ArrayList<>(pxeboot.sent());
        assertEquals(2, sent.size(), "one mtcAlive to each controller, none to the requester alone");
        assertEquals(CONTROLLER0_PXEBOOT, sent.get(0).peer());
        assertEquals(CONTROLLER1_PXEBOOT, sent.get(1).peer());
        MtcAlive alive = codec.readMtcAlive(codec.decode(sent.get(0).bytes(), 0, sent.get(0).bytes().length));
        assertEquals(Network.PXEBOOT, alive.network());
        assertEquals(List.of(CONTROLLER0_PXEBOOT, CONTROLLER1_PXEBOOT), controllers.targets());
        assertEquals(CONTROLLER1_PXEBOOT, controllers.active().orElseThrow());
        assertTrue(log.logged(Level.INFO, "controller-1 pxeboot ip: " + CONTROLLER1_PXEBOOT.getHostAddress()));
    }

    @Test
    void theSenderUsesTheLearnedPxebootAddressesAndAnnouncesItselfWithAReadyEvent() throws Exception {
        MtcAliveSender sender = new MtcAliveSender(settings, composer, controllers, log);
        try {
            sender.addTransport(pxeboot);
            sender.addTransport(mgmt);
            sender.tick();
            assertTrue(pxeboot.sent().isEmpty(), "no pxeboot address known yet: nothing on pxeboot");
            FakeTransport.Sent mtcAlive = mgmt.sent().poll();
            FakeTransport.Sent ready = mgmt.sent().poll();
            assertEquals(Header.WORKER, codec.decode(mtcAlive.bytes(), 0, mtcAlive.bytes().length).header());
            MtcMessage event = codec.decode(ready.bytes(), 0, ready.bytes().length);
            ReadyEvent readyEvent = codec.readReadyEvent(event);
            assertEquals(CONTROLLER_MGMT, ready.peer(), "the ready event goes to the floating address");
            assertTrue(readyEvent.offersPxebootMtcAlive());
            assertEquals("", readyEvent.activeControllerPxebootAddress());

            controllers.learn(new PxebootInfo(CONTROLLER0_PXEBOOT.getHostAddress(),
                    CONTROLLER0_PXEBOOT.getHostAddress(), CONTROLLER1_PXEBOOT.getHostAddress()));
            for (int i = 1; i < MtcAliveSender.READY_EVENT_TICKS; i++) {
                sender.tick();
            }
            assertEquals(2 * (MtcAliveSender.READY_EVENT_TICKS - 1), pxeboot.sent().size(),
                    "pxeboot mtcAlive to both controllers, and no ready event before the twelfth tick");
            pxeboot.sent().clear();
            sender.tick();
            List<FakeTransport.Sent> last = new ArrayList<>(pxeboot.sent());
            assertEquals(3, last.size());
            MtcMessage again = codec.decode(last.get(2).bytes(), 0, last.get(2).bytes().length);
            assertEquals(Header.EVENT, again.header(), "the ready event is resent every twelve ticks");
            assertEquals(CONTROLLER0_PXEBOOT, last.get(2).peer(), "and on pxeboot to the active controller");
            assertEquals(CONTROLLER0_PXEBOOT.getHostAddress(),
                    codec.readReadyEvent(again).activeControllerPxebootAddress());
        } finally {
            sender.stop();
        }
    }

    @Test
    void unknownCommandsAreAllAckedButLoggedOncePerMinute() {
        for (int i = 0; i < 1000; i++) {
            processor.handle(mgmt, from(CONTROLLER0_MGMT), command(99, MAC, PAYLOAD));
        }
        assertEquals(1000, mgmt.sent().size(), "each acked, as the C++ client does");
        assertEquals(1, log.count(Level.WARN, "Unsupported maintenance command (99)"));
        nanos.addAndGet(CommandProcessor.PEER_WARNING_INTERVAL_MS * 1_000_000L);
        processor.handle(mgmt, from(CONTROLLER0_MGMT), command(99, MAC, PAYLOAD));
        assertEquals(1, log.count(Level.WARN, "999 similar suppressed"));
    }

    /** A processor whose pxeboot allowlist holds {@code controller}. */
    private CommandProcessor allowPxeboot(InetAddress controller) {
        ClientSettings withPxeboot = new ClientSettings(settings.hostname(), settings.personality(), MAC,
                settings.mgmtIp(), settings.clusterHostIp(), settings.pxebootIp(),
                Map.of(Network.MANAGEMENT, settings.controllers(Network.MANAGEMENT),
                        Network.CLUSTER_HOST, settings.controllers(Network.CLUSTER_HOST),
                        Network.PXEBOOT, List.of(controller)),
                3_600_000, 3_600_000, false, settings.mgmtUnits());
        return new CommandProcessor(withPxeboot, true, io.mtce.protocol.auth.DatagramAuthenticator.off(), codec,
                flags, composer, controllers, log, nanos::get);
    }
}
