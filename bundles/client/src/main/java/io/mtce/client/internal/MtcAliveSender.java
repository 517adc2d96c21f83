package io.mtce.client.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mtcAlive on every UP client transport each period, in the C++ order pxeboot, management, cluster-host, to
 * that network's controller addresses. A transport bound later is used from the next tick; a failing send is logged
 * when its outcome changes and never stops the other networks.
 */
@Component(service = {}, configurationPid = ClientSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public final class MtcAliveSender {
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.client");
    private static final List<Network> ORDER = List.of(Network.PXEBOOT, Network.MANAGEMENT, Network.CLUSTER_HOST);

    private final ClientSettings settings;
    private final MtcAliveComposer composer;
    private final Logger log;
    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    /** Last failure per "network address"; touched on the executor thread only. */
    private final Map<String, String> failures = new HashMap<>();
    private final ScheduledExecutorService executor;

    @Activate
    public MtcAliveSender(ClientConfig config, @Reference MtcAliveComposer composer) {
        this(ClientSettings.from(config), composer, LOG);
    }

    MtcAliveSender(ClientSettings settings, MtcAliveComposer composer, Logger log) {
        this.settings = settings;
        this.composer = composer;
        this.log = log;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mtce-client-mtcalive");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(this::tick, settings.firstDelayMs(), settings.periodMs(), TimeUnit.MILLISECONDS);
        log.info("{} sending mtcAlive every {} ms", settings.hostname(), settings.periodMs());
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + TransportConstants.ROLE + "=client)",
            unbind = "removeTransport")
    void addTransport(Transport transport) {
        transports.add(transport);
    }

    void removeTransport(Transport transport) {
        transports.remove(transport);
        Network network = transport.network();
        if (transports.stream().noneMatch(t -> t.network() == network)) {
            composer.reset(network);
        }
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void tick() {
        for (Network network : ORDER) {
            try {
                send(network);
            } catch (RuntimeException e) {
                log.error("mtcAlive on {} network failed", network.wireName(), e);
            }
        }
    }

    private void send(Network network) {
        List<InetAddress> targets = settings.controllers(network);
        Transport transport = transports.stream()
                .filter(t -> t.network() == network && t.state().isUp()).findFirst().orElse(null);
        if (targets.isEmpty() || transport == null) {
            log.debug("no mtcAlive on {} network ({})", network.wireName(),
                    targets.isEmpty() ? "no controller address" : "no transport up");
            return;
        }
        ByteBuffer datagram = ByteBuffer.wrap(composer.next(network)).asReadOnlyBuffer();
        for (InetAddress target : targets) {
            String key = network.wireName() + " " + target.getHostAddress();
            try {
                transport.send(target, datagram);
                if (failures.remove(key) != null) {
                    log.info("mtcAlive to {} on {} network recovered", target.getHostAddress(), network.wireName());
                }
            } catch (IOException e) {
                String reason = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
                if (!reason.equals(failures.put(key, reason))) {
                    log.warn("mtcAlive to {} on {} network failed: {}", target.getHostAddress(), network.wireName(),
                            reason);
                }
            }
        }
    }
}
