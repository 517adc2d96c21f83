package io.mtce.health.internal;

import io.mtce.agent.MaintenanceAgent;
import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.health.HealthService;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The {@link HealthService}: components from SCR's runtime DTOs (which carry an activation failure's text) against
 * the io.mtce.* configurations in Config Admin ({@link ComponentChecks} has the rule), transports from their state,
 * and the event loops from a no-op task handed to each every second ({@link LoopWatch}).
 */
@Component(service = HealthService.class, immediate = true)
public final class HealthMonitor implements HealthService {
    static final long PING_MILLIS = 1_000;
    private static final long HOSTS_WAIT_MILLIS = 200;
    private static final String CONFIGURED = "(|(service.pid=" + ComponentChecks.PREFIX + "*)(service.factoryPid="
            + ComponentChecks.PREFIX + "*))";

    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configurationAdmin;
    private final List<TransportEntry> transports = new CopyOnWriteArrayList<>();
    private final List<LoopWatch> loops = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pinger;
    private final ExecutorService asker;
    private Future<Integer> hostCount; // guarded by this

    /**
     * A reference, not the service: getting the service of an agent that failed to activate would make SCR try the
     * activation again (and report the failure again), so it is got only while the agent's component is active.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceReference<MaintenanceAgent> agent;

    private final BundleContext context;

    private record TransportEntry(Transport transport, String name) {
    }

    @Activate
    public HealthMonitor(BundleContext context, @Reference ServiceComponentRuntime scr,
            @Reference ConfigurationAdmin configurationAdmin) {
        this.context = context;
        this.scr = scr;
        this.configurationAdmin = configurationAdmin;
        this.pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mtce-health");
            t.setDaemon(true);
            return t;
        });
        this.asker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mtce-health-agent");
            t.setDaemon(true);
            return t;
        });
        pinger.scheduleWithFixedDelay(() -> loops.forEach(LoopWatch::ping), 0, PING_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        pinger.shutdownNow();
        asker.shutdownNow();
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeTransport")
    void addTransport(Transport transport) {
        transports.add(new TransportEntry(transport, transport.network().key() + "/"
                + transport.role().propertyValue()));
    }

    void removeTransport(Transport transport) {
        transports.removeIf(e -> e.transport() == transport);
    }

    @Reference(name = "loop", service = Executor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(" + LOOP + "=*)", unbind = "removeLoop")
    void addLoop(Executor loop, Map<String, Object> properties) {
        loops.add(new LoopWatch(String.valueOf(properties.get(LOOP)), loop, System::nanoTime, STALL_MILLIS));
    }

    void removeLoop(Executor loop) {
        loops.removeIf(w -> w.loop() == loop);
    }

    @Override
    public Health health() {
        List<Check> checks = new ArrayList<>(ComponentChecks.of(components(), configured()));
        for (TransportEntry e : transports) {
            TransportState state = e.transport().state();
            checks.add(new Check(Check.Kind.TRANSPORT, e.name(), state.isUp(), state.toString()));
        }
        loops.forEach(w -> checks.add(w.check()));
        boolean ready = checks.stream().filter(c -> c.kind() != Check.Kind.LOOP).allMatch(Check::ok);
        boolean live = checks.stream().filter(c -> c.kind() == Check.Kind.LOOP).allMatch(Check::ok);
        boolean agentActive = checks.stream().anyMatch(c -> c.kind() == Check.Kind.COMPONENT
                && c.name().equals("io.mtce.agent") && c.ok());
        return new Health(ready, live, StatusLine.of(ready, checks, agentActive ? hosts() : OptionalInt.empty()),
                checks);
    }

    /**
     * The agent's host count, asked on a thread of its own and awaited briefly: the agent answers on its event loop,
     * and the health of a stuck loop must still be told. One question at a time.
     */
    private OptionalInt hosts() {
        ServiceReference<MaintenanceAgent> ref = agent;
        if (ref == null) {
            return OptionalInt.empty();
        }
        Future<Integer> asked;
        synchronized (this) {
            if (hostCount == null || hostCount.isDone()) {
                hostCount = asker.submit(() -> {
                    MaintenanceAgent a = context.getService(ref);
                    try {
                        return a == null ? null : a.hosts().size();
                    } finally {
                        context.ungetService(ref);
                    }
                });
            }
            asked = hostCount;
        }
        try {
            Integer hosts = asked.get(HOSTS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return hosts == null ? OptionalInt.empty() : OptionalInt.of(hosts);
        } catch (TimeoutException | ExecutionException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    private Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components() {
        Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> out = new LinkedHashMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.bundle != null && d.bundle.symbolicName != null
                    && d.bundle.symbolicName.startsWith(ComponentChecks.PREFIX) && scr.isComponentEnabled(d)) {
                out.put(d, scr.getComponentConfigurationDTOs(d));
            }
        }
        return out;
    }

    private List<ComponentChecks.Configured> configured() {
        Configuration[] configurations;
        try {
            configurations = configurationAdmin.listConfigurations(CONFIGURED);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list the configurations: " + e, e);
        }
        List<ComponentChecks.Configured> out = new ArrayList<>();
        if (configurations != null) {
            for (Configuration c : configurations) {
                out.add(new ComponentChecks.Configured(c.getPid(), c.getFactoryPid()));
            }
        }
        return out;
    }
}
