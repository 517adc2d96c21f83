package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.agent.NetworkStatus;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Transport;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The agent and client roles in the framework: they exchange datagrams over real loopback transports, follow a
 * transport removed and added again and the flag-file service restarting, and share one authentication
 * configuration whose key rotation restarts neither. A bad configuration of either is reported once, and SCR meets
 * no reference cycle it has to report: each role registers its datagram listener by hand once it is built. (As DS
 * services of the roles, a bad agent configuration was reported seven times here, with three reference cycles.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoleWiringIT {
    private static final String HOST = "worker-1";
    private static final String MAC = "02:00:00:00:00:11";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String OLD_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String NEW_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private static final long WAIT_MS = 20_000;
    private static final String CLIENT_LISTENER = "(&(objectClass=" + DatagramListener.class.getName()
            + ")(mtce.role=client))";
    private static final Set<String> ROLES = Set.of("io.mtce.agent", "io.mtce.client");

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return MtceTestSupport.baseOptions(RoleWiringIT.class);
    }

    @Test
    public void rolesExchangeDatagramsFollowTheirTransportsAndShareOneKeyRotation() throws Exception {
        Path dir = MtceTestSupport.workDir(RoleWiringIT.class);
        Path lockFile = dir.resolve("run/.node_locked");
        int agentPort = freeUdpPort();
        int clientPort = freeUdpPort();
        List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();
        ServiceTracker<MaintenanceAgent, MaintenanceAgent> agents = new ServiceTracker<>(context,
                MaintenanceAgent.class, null);
        ServiceTracker<DatagramListener, DatagramListener> clients = new ServiceTracker<>(context,
                context.createFilter(CLIENT_LISTENER), null);
        Bundle shell = bundle("io.mtce.shell");
        agents.open();
        clients.open();
        try (StderrCapture scrLog = new StderrCapture()) {
            org.osgi.service.cm.Configuration auth = configure("io.mtce.auth", auth(OLD_KEY, null));
            configs.add(auth);
            org.osgi.service.cm.Configuration flags = configure("io.mtce.flags", flagsConfig(dir));
            configs.add(flags);
            configs.add(configure("io.mtce.agent", agentConfig(dir)));
            configs.add(configure("io.mtce.client", clientConfig()));
            org.osgi.service.cm.Configuration agentMgmt = transport("mgmt", "agent", agentPort, clientPort, configs);
            org.osgi.service.cm.Configuration clientMgmt = transport("mgmt", "client", clientPort, agentPort, configs);
            MaintenanceAgent agent = agents.waitForService(WAIT_MS);
            assertNotNull("the agent role is active", agent);
            assertNotNull("the client role is active", clients.waitForService(WAIT_MS));
            assertEquals("with both roles up", List.of(), servicesUnderPrivateTypes());
            assertEquals(AuthMode.REQUIRE, context.getService(
                    context.getServiceReference(DatagramAuthentication.class)).mode());

            // A new host is locked: the agent hears the client's unlocked mtcAlive and corrects it with LOCKED.
            agent.addHost(new HostSpec(HOST, MAC, "worker", Map.of(Network.MANAGEMENT, LOOPBACK)));
            awaitReported(agent, true);
            assertTrue(Files.exists(lockFile));

            // The agent's transport goes away and comes back: the agent hears mtcAlive and sends commands again.
            agentMgmt.delete();
            awaitTransportGone("agent");
            transport("mgmt", "agent", agentPort, clientPort, configs);
            long heard = mtcAliveReceived(agent);
            assertTrue("mtcAlive through the new agent transport",
                    MtceTestSupport.await(() -> mtcAliveReceived(agent) > heard, WAIT_MS));
            agent.unlock(HOST);
            awaitReported(agent, false);
            assertFalse(Files.exists(lockFile));

            // The same for the client's transport: the client sends mtcAlive and obeys commands again.
            clientMgmt.delete();
            awaitTransportGone("client");
            transport("mgmt", "client", clientPort, agentPort, configs);
            long heardAgain = mtcAliveReceived(agent);
            assertTrue("mtcAlive from the new client transport",
                    MtceTestSupport.await(() -> mtcAliveReceived(agent) > heardAgain, WAIT_MS));
            agent.lock(HOST);
            awaitReported(agent, true);

            // The flag-file service restarts (a changed configuration): the client role restarts with it.
            long clientServiceId = serviceId(clients);
            Dictionary<String, Object> slower = flagsConfig(dir);
            slower.put("audit.period.ms", "2000");
            flags.update(slower);
            assertTrue("the client role restarted with the flag files", MtceTestSupport.await(
                    () -> clients.getServiceReference() != null && serviceId(clients) != clientServiceId, WAIT_MS));
            agent.unlock(HOST);
            awaitReported(agent, false);
            // ... and goes away and comes back, while the client stays configured. Without the shell, whose own
            // reference to the flag files would create them before the client role asks for them.
            shell.stop();
            flags.delete();
            assertTrue("the client role stops without flag files",
                    MtceTestSupport.await(() -> clients.getServiceReference() == null, WAIT_MS));
            configs.add(configure("io.mtce.flags", flagsConfig(dir)));
            assertNotNull("the client role is back with the flag files", clients.waitForService(WAIT_MS));
            agent.lock(HOST);
            awaitReported(agent, true);

            // A key rotation is one edit, applied in place: neither role is restarted, both sign with the new key.
            long agentId = serviceId(agents);
            long clientId = serviceId(clients);
            auth.update(auth(NEW_KEY, OLD_KEY));
            String newKeyId = String.format("key id 0x%02x,", AuthKey.parse("auth.key", NEW_KEY).id());
            DatagramAuthentication node = context.getService(context.getServiceReference(DatagramAuthentication.class));
            assertTrue(node.describe(), MtceTestSupport.await(() -> node.describe().contains(newKeyId), WAIT_MS));
            agent.unlock(HOST);
            awaitReported(agent, false);
            assertEquals("the agent role was not restarted", agentId, serviceId(agents));
            assertEquals("the client role was not restarted", clientId, serviceId(clients));
            assertFalse("SCR met a reference cycle it could not order:\n" + scrLog.text(),
                    scrLog.text().contains("Circular reference"));
        } finally {
            agents.close();
            clients.close();
            delete(configs);
            awaitUnconfigured();
            shell.start();
        }
    }

    /** The client role registers no DS service, so nothing but its own activation tries it. */
    @Test
    public void aBadClientConfigurationIsReportedOnceNamingTheKey() throws Exception {
        assertEquals(1, reportsOfABadConfiguration("client", "mgmt.mac", "02:00:00:00:00",
                "mgmt.mac must be a MAC address"));
    }

    /**
     * Not once per transport either. The agent's API is a DS service, though: where a consumer of it is active (the
     * web API; none here), that consumer tries a failed activation once more.
     */
    @Test
    public void aBadAgentConfigurationIsReportedOnceNamingTheKey() throws Exception {
        assertEquals(1, reportsOfABadConfiguration("agent", "retry.initial.ms", "-1",
                "retry.initial.ms must be greater than 0"));
    }

    /**
     * Applies a configuration of {@code role} whose {@code key} is invalid, then brings up the role's three
     * transports, and counts how often {@code error} was logged: SCR logs each attempt to activate the role, and
     * every consumer of a service registered by its component makes one.
     */
    private int reportsOfABadConfiguration(String role, String key, String value, String error) throws Exception {
        Path dir = MtceTestSupport.workDir(RoleWiringIT.class);
        List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();
        try (StderrCapture scrLog = new StderrCapture()) {
            configs.add(configure("io.mtce.flags", flagsConfig(dir)));
            Dictionary<String, Object> bad = role.equals("agent") ? agentConfig(dir) : clientConfig();
            bad.put(key, value);
            configs.add(configure("io.mtce." + role, bad));
            assertTrue("the " + role + " role failed to activate", MtceTestSupport.await(
                    () -> !failedComponents().isEmpty(), WAIT_MS));
            // Then its transports, so that each of them meets the failed role (a container applies etc/ in any order).
            for (String network : List.of("mgmt", "cluster", "pxeboot")) {
                transport(network, role, 0, -1, configs);
            }
            assertTrue("three " + role + " transports", MtceTestSupport.await(
                    () -> references(Transport.class, "(mtce.role=" + role + ")").size() == 3, WAIT_MS));
            List<String> failed = failedComponents();
            assertEquals("one component failed: " + failed, 1, failed.size());
            assertTrue(failed.get(0), failed.get(0).startsWith("io.mtce." + role + ": "));
            assertTrue(failed.get(0), failed.get(0).contains(error));
            assertFalse("SCR met a reference cycle it could not order:\n" + scrLog.text(),
                    scrLog.text().contains("Circular reference"));
            return scrLog.count(error);
        } finally {
            delete(configs);
            awaitUnconfigured();
        }
    }

    /** The host's status once its change is acknowledged and its mtcAlive report {@code locked}. */
    private static void awaitReported(MaintenanceAgent agent, boolean locked) throws InterruptedException {
        assertTrue(HOST + " acknowledged and reported locked=" + locked + ": " + agent.host(HOST),
                MtceTestSupport.await(() -> {
                    HostStatus s = agent.host(HOST).orElseThrow();
                    return s.pending() == PendingAction.NONE && Boolean.valueOf(locked).equals(s.reportedLocked());
                }, WAIT_MS));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static long serviceId(ServiceTracker<?, ?> tracker) {
        return (Long) tracker.getServiceReference().getProperty(Constants.SERVICE_ID);
    }

    private static long mtcAliveReceived(MaintenanceAgent agent) {
        NetworkStatus mgmt = agent.host(HOST).orElseThrow().networks().get(Network.MANAGEMENT);
        return mgmt == null ? 0 : mgmt.received();
    }

    private void awaitTransportGone(String role) throws Exception {
        assertTrue(role + " management transport withdrawn", MtceTestSupport.await(
                () -> references(Transport.class, "(mtce.role=" + role + ")").isEmpty(), WAIT_MS));
    }

    private <T> Collection<ServiceReference<T>> references(Class<T> type, String filter) {
        try {
            return context.getServiceReferences(type, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    /** Until SCR holds no configuration of either role, so that the next test starts from none. */
    private void awaitUnconfigured() throws InterruptedException {
        assertTrue("the roles' configurations are gone", MtceTestSupport.await(() -> {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (ROLES.contains(d.name) && !scr.getComponentConfigurationDTOs(d).isEmpty()) {
                    return false;
                }
            }
            return true;
        }, WAIT_MS));
    }

    private List<String> failedComponents() {
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("io.mtce.")) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(d.name + ": " + c.failure);
                }
            }
        }
        return failed;
    }

    /** Services the project bundles registered under a project type no other bundle can see (Gogo's exempt). */
    private List<String> servicesUnderPrivateTypes() {
        List<String> hidden = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            ServiceReference<?>[] registered = b.getRegisteredServices();
            if (!b.getSymbolicName().startsWith("io.mtce.") || registered == null) {
                continue;
            }
            Set<String> shared = MtceTestSupport.sharedPackages(b);
            for (ServiceReference<?> r : registered) {
                for (String type : (String[]) r.getProperty(Constants.OBJECTCLASS)) {
                    if (type.startsWith("io.mtce.") && r.getProperty("osgi.command.scope") == null
                            && !shared.contains(type.substring(0, type.lastIndexOf('.')))) {
                        hidden.add(b.getSymbolicName() + " registered " + type);
                    }
                }
            }
        }
        return hidden;
    }

    private org.osgi.service.cm.Configuration configure(String pid, Dictionary<String, Object> props)
            throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(props);
        return c;
    }

    /** A transport of {@code network} (mgmt, cluster or pxeboot) on 127.0.0.1; -1: the spec's port. */
    private org.osgi.service.cm.Configuration transport(String network, String role, int rxPort, int peerPort,
            List<org.osgi.service.cm.Configuration> configs) throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("io.mtce.transport." + network,
                role, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("mtce.role", role);
        props.put("bind.address", LOOPBACK);
        props.put("rx.port", Integer.toString(rxPort));
        props.put("peer.port", Integer.toString(peerPort));
        c.update(props);
        configs.add(c);
        return c;
    }

    private static void delete(List<org.osgi.service.cm.Configuration> configs) throws IOException {
        for (org.osgi.service.cm.Configuration c : configs) {
            try {
                c.delete();
            } catch (IllegalStateException e) {
                // deleted by the test already
            }
        }
    }

    private static Dictionary<String, Object> auth(String key, String previous) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("auth.mode", "require");
        props.put("auth.key", key);
        if (previous != null) {
            props.put("auth.previous.key", previous);
        }
        return props;
    }

    private static Dictionary<String, Object> flagsConfig(Path dir) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("volatile.path", dir.resolve("run/.node_locked").toString());
        props.put("backup.path", dir.resolve("persist/.node_locked").toString());
        props.put("obsolete.path", dir.resolve("etc/.node_locked").toString());
        props.put("journal.path", dir.resolve("persist/.node_locked.intent").toString());
        props.put("allowed.roots", dir.toString());
        return props;
    }

    private static Dictionary<String, Object> agentConfig(Path dir) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("inventory.path", dir.resolve("agent/inventory.json").toString());
        props.put("mgmt.address", LOOPBACK);
        return props;
    }

    private static Dictionary<String, Object> clientConfig() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("hostname", HOST);
        props.put("mgmt.mac", MAC);
        props.put("mgmt.ip", LOOPBACK);
        props.put("controller.mgmt", LOOPBACK);
        props.put("mtcalive.period.ms", "200");
        props.put("mtcalive.first.delay.ms", "0");
        return props;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }
}
