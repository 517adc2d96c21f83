package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import io.mtce.agent.AgentStatistics;
import io.mtce.agent.ControllerStatus;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmSink;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent role as a DS component: a thin shell around {@link AgentCore}. Its datagram listener is registered by
 * hand once the core is built, not as a DS service of this component: as one, every agent transport binding it
 * would try again (and log again) an activation that failed on a bad configuration, and would meet this component
 * in creation while it binds that transport, a cycle Felix SCR reports as an error (ContainerWiringIT shows both).
 */
@Component(name = AgentSettings.PID, service = MaintenanceAgent.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AgentConfig.class)
public final class AgentRole implements MaintenanceAgent {
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.agent");
    /** The service property of an event loop the health service pings (io.mtce.health.HealthService.LOOP). */
    static final String LOOP_PROPERTY = "mtce.loop";

    private final AgentCore core;
    private final ServiceRegistration<DatagramListener> listener;
    private final ServiceRegistration<Executor> loopProbe;

    @Activate
    public AgentRole(AgentConfig config, BundleContext context, @Reference MessageCodec codec,
            @Reference DatagramAuthentication auth) {
        AgentSettings settings = AgentSettings.from(config);
        EtcdSettings etcd = EtcdSettings.from(config);
        InventoryStore store = etcd == null
                ? new FileInventoryStore(settings.inventoryPath(), settings.inventorySeed(), new AtomicFileWriter(),
                        LOG)
                : new EtcdInventoryStore(new EtcdClient(etcd.endpoints(), etcd.timeout()), etcd.prefix(),
                        settings.inventorySeed(), LOG);
        Leadership leadership = etcd == null ? Leadership.ALONE
                : new EtcdElection(new EtcdClient(etcd.endpoints(), etcd.timeout()), etcd.prefix(), etcd.name(),
                        etcd.leaseTtlSeconds(), etcd.margin(), LOG);
        this.core = new AgentCore(settings, AgentSecurity.from(config, auth),
                new ExecutorEventLoop("mtce-agent-loop", Clock.systemUTC(), LOG), null, codec, store, leadership, LOG);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(TransportConstants.ROLE, Role.AGENT.propertyValue());
        try {
            this.listener = context.registerService(DatagramListener.class, core, properties);
            // The health service's ping: the event loop's only outside view (a loop that stops running it is stuck).
            this.loopProbe = context.registerService(Executor.class, core::onLoop,
                    new Hashtable<>(Map.of(LOOP_PROPERTY, "agent")));
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + TransportConstants.ROLE + "=agent)",
            unbind = "removeTransport")
    void addTransport(Transport transport) {
        core.transportAdded(transport);
    }

    void removeTransport(Transport transport) {
        core.transportRemoved(transport);
    }

    /** Every alarm sink, as it comes and goes: each gets the active alarms, and is first asked which it holds. */
    @Reference(name = "alarmSink", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeAlarmSink")
    void addAlarmSink(AlarmSink sink) {
        core.alarmSinkAdded(sink);
    }

    void removeAlarmSink(AlarmSink sink) {
        core.alarmSinkRemoved(sink);
    }

    @Deactivate
    void deactivate() {
        try {
            loopProbe.unregister();
            listener.unregister();
        } catch (IllegalStateException e) {
            // Already gone with the bundle.
        }
        core.close();
    }

    @Override
    public List<HostStatus> hosts() {
        return core.hosts();
    }

    @Override
    public Optional<HostStatus> host(String name) {
        return core.host(name);
    }

    @Override
    public HostStatus addHost(HostSpec spec) throws AgentException {
        return core.addHost(spec);
    }

    @Override
    public void removeHost(String name) throws AgentException {
        core.removeHost(name);
    }

    @Override
    public HostStatus lock(String name) throws AgentException {
        return core.lock(name);
    }

    @Override
    public HostStatus unlock(String name) throws AgentException {
        return core.unlock(name);
    }

    @Override
    public List<Alarm> alarms() {
        return core.alarms();
    }

    @Override
    public AgentStatistics statistics() {
        return core.statistics();
    }

    @Override
    public long duplicateAcks() {
        return core.duplicateAcks();
    }

    @Override
    public ControllerStatus controllerStatus() {
        return core.controllerStatus();
    }

    @Override
    public ControllerStatus swact() throws AgentException {
        return core.swact();
    }
}
