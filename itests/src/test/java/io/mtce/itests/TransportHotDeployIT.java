package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The pxeboot transport bundle is installed, started, stopped, updated and uninstalled in a running framework while
 * a steady stream of datagrams crosses the management transport: the registry and the listeners follow every step,
 * and not one management datagram is lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class TransportHotDeployIT {
    private static final String PXEBOOT_JAR = "io.mtce.transport.pxeboot.jar";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final Recorder recorder = new Recorder();
    private ServiceRegistration<DatagramListener> listenerRegistration;
    private final List<org.osgi.service.cm.Configuration> configs = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] config() {
        return MtceTestSupport.baseOptions(TransportHotDeployIT.class, PXEBOOT_JAR);
    }

    @Before
    public void setUp() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TransportConstants.ROLE, "agent");
        listenerRegistration = context.registerService(DatagramListener.class, recorder, props);
        for (String pid : List.of("io.mtce.transport.mgmt", "io.mtce.transport.pxeboot")) {
            for (String role : List.of("agent", "client")) {
                org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration(pid, role, "?");
                Dictionary<String, Object> cfg = new Hashtable<>();
                cfg.put("mtce.role", role);
                cfg.put("bind.address", "127.0.0.1");
                cfg.put("rx.port", "0");
                c.update(cfg);
                configs.add(c);
            }
        }
    }

    @After
    public void tearDown() throws Exception {
        listenerRegistration.unregister();
        for (org.osgi.service.cm.Configuration c : configs) {
            c.delete();
        }
    }

    @Test
    public void pxebootLifecycleLeavesManagementTrafficUntouched() throws Exception {
        Transport mgmtAgent = awaitTransport(Network.MANAGEMENT, "agent");
        Transport mgmtClient = awaitTransport(Network.MANAGEMENT, "client");
        assertTrue(MtceTestSupport.await(() -> mgmtAgent.state().isUp() && mgmtClient.state().isUp(), 10_000));
        assertEquals("no pxeboot transport before the bundle is installed", 0, transports(Network.PXEBOOT).size());

        Stream stream = new Stream(mgmtClient, mgmtAgent.localAddress());
        Thread sender = new Thread(stream, "mgmt-stream");
        sender.start();
        try {
            assertTrue("stream running", MtceTestSupport.await(() -> stream.sent.get() >= 100, 10_000));
            Bundle pxeboot;
            try (InputStream jar = Files.newInputStream(MtceTestSupport.bundleJar(PXEBOOT_JAR))) {
                pxeboot = context.installBundle("mtce-test:pxeboot", jar);
            }
            pxeboot.start();
            assertPxebootCarries();

            pxeboot.stop();
            assertTrue("pxeboot services withdrawn on stop",
                    MtceTestSupport.await(() -> transports(Network.PXEBOOT).isEmpty(), 10_000));
            assertTrue("the listener was told the pxeboot transport went down",
                    MtceTestSupport.await(() -> recorder.downs.contains(Network.PXEBOOT), 10_000));

            pxeboot.start();
            assertPxebootCarries();

            try (InputStream jar = Files.newInputStream(MtceTestSupport.bundleJar(PXEBOOT_JAR))) {
                pxeboot.update(jar);
            }
            assertPxebootCarries();

            pxeboot.uninstall();
            assertTrue("pxeboot services withdrawn on uninstall",
                    MtceTestSupport.await(() -> transports(Network.PXEBOOT).isEmpty(), 10_000));
            int afterLifecycle = stream.sent.get();
            assertTrue("stream still running", MtceTestSupport.await(() -> stream.sent.get() >= afterLifecycle + 100,
                    10_000));
        } finally {
            stream.stop.set(true);
            sender.join(10_000);
        }
        int sent = stream.sent.get();
        assertTrue("a steady stream was sent: " + sent, sent >= 200);
        assertTrue("every management datagram arrived (" + recorder.mgmtSequence.size() + " of " + sent + ")",
                MtceTestSupport.await(() -> recorder.mgmtSequence.size() == sent, 10_000));
        assertTrue(mgmtAgent.state().isUp());
    }

    private void assertPxebootCarries() throws Exception {
        assertTrue("two pxeboot transports (agent, client) registered",
                MtceTestSupport.await(() -> transports(Network.PXEBOOT).size() == 2, 10_000));
        Transport agent = awaitTransport(Network.PXEBOOT, "agent");
        Transport client = awaitTransport(Network.PXEBOOT, "client");
        assertTrue(MtceTestSupport.await(() -> agent.state().isUp() && client.state().isUp(), 10_000));
        int before = recorder.pxeboot.get();
        client.send(agent.localAddress(), ByteBuffer.wrap("pxeboot".getBytes()));
        assertTrue("a datagram crossed the pxeboot transport",
                MtceTestSupport.await(() -> recorder.pxeboot.get() > before, 10_000));
    }

    private Transport awaitTransport(Network network, String role) throws InterruptedException {
        Transport[] found = new Transport[1];
        MtceTestSupport.await(() -> {
            for (ServiceReference<Transport> ref : references()) {
                Transport t = context.getService(ref);
                if (t != null && t.network() == network && role.equals(ref.getProperty(TransportConstants.ROLE))) {
                    found[0] = t;
                    return true;
                }
            }
            return false;
        }, 10_000);
        assertNotNull(network + "/" + role + " transport registered", found[0]);
        return found[0];
    }

    private List<Transport> transports(Network network) {
        List<Transport> out = new CopyOnWriteArrayList<>();
        for (ServiceReference<Transport> ref : references()) {
            Transport t = context.getService(ref);
            if (t != null && t.network() == network) {
                out.add(t);
            }
        }
        return out;
    }

    private Collection<ServiceReference<Transport>> references() {
        try {
            return context.getServiceReferences(Transport.class, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends numbered datagrams on the management transport until stopped. */
    private static final class Stream implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger sent = new AtomicInteger();
        private final Transport from;
        private final InetSocketAddress to;

        Stream(Transport from, InetSocketAddress to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    from.send(to, ByteBuffer.allocate(4).putInt(0, sent.get() + 1));
                    sent.incrementAndGet();
                    Thread.sleep(2); // pacing of the stream, not synchronisation
                } catch (Exception e) {
                    throw new IllegalStateException("management send failed during the pxeboot lifecycle", e);
                }
            }
        }
    }

    /** Records what the agent-role listener is given. */
    private static final class Recorder implements DatagramListener {
        final Set<Integer> mgmtSequence = ConcurrentHashMap.newKeySet();
        final AtomicInteger pxeboot = new AtomicInteger();
        final Set<Network> downs = ConcurrentHashMap.newKeySet();

        @Override
        public void received(Transport from, InetSocketAddress sender, ByteBuffer datagram) {
            if (from.network() == Network.MANAGEMENT && datagram.remaining() == 4) {
                mgmtSequence.add(datagram.getInt(datagram.position()));
            } else if (from.network() == Network.PXEBOOT) {
                pxeboot.incrementAndGet();
            }
        }

        @Override
        public void transportDown(Transport transport, String reason) {
            downs.add(transport.network());
        }
    }
}
