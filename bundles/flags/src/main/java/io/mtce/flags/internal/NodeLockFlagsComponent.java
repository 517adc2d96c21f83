package io.mtce.flags.internal;

import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.flags.FlagStateListener;
import io.mtce.flags.NodeLockFlags;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeLockFlags} service. Immediate: it reconciles the files at activation and corrects them from then
 * on whether or not anyone uses the service. A configuration change re-activates it (no modified method), so the
 * new paths are reconciled from scratch; an invalid configuration fails activation with a message naming the key.
 */
// REQUIRE: the files are only touched once the container says where they are (etc/io.mtce.flags.cfg; an empty
// configuration means the real /var paths), so a container that is not a client never reconciles host files.
@Component(name = NodeLockFlagsComponent.PID, service = NodeLockFlags.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FlagFilesConfig.class)
public final class NodeLockFlagsComponent implements NodeLockFlags {
    static final String PID = "io.mtce.flags";
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.flags");

    private final List<FlagStateListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor;
    private final FlagKeeper keeper;
    private final TamperWatcher watcher;
    private ServiceRegistration<?> loopProbe;

    @Activate
    public NodeLockFlagsComponent(FlagFilesConfig config, BundleContext context) {
        this(FlagSettings.from(config), Syncer.FSYNC, true, LOG);
        // The health service's ping: run by the audit thread once no change holds the files, while the watch runs.
        Executor probe = task -> executor.execute(() -> {
            if (watcher == null || watcher.running()) {
                keeper.whenIdle(task);
            }
        });
        this.loopProbe = context.registerService(Executor.class, probe, new Hashtable<>(Map.of("mtce.loop", "flags")));
    }

    /**
     * @param watch whether to react to file events; without, only the periodic audit corrects
     */
    NodeLockFlagsComponent(FlagSettings settings, Syncer syncer, boolean watch, Logger log) {
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mtce-flags-audit");
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.keeper = new FlagKeeper(settings, syncer, log, this::publish);
            keeper.start();
            this.watcher = watch ? watch(settings, log) : null;
            executor.scheduleWithFixedDelay(this::audit, settings.auditPeriodMs(), settings.auditPeriodMs(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        log.info("flag files {} and {} held {} (audit every {} ms{})", settings.volatilePath(), settings.backupPath(),
                keeper.desired(), settings.auditPeriodMs(), watch ? ", file events watched" : "");
    }

    @Deactivate
    void deactivate() {
        if (loopProbe != null) {
            try {
                loopProbe.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
        keeper.close();
        if (watcher != null) {
            watcher.close();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(name = "listener", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(FlagStateListener listener) {
        listeners.add(listener);
    }

    void removeListener(FlagStateListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void lock(boolean persist) throws FlagFileException {
        keeper.lock(persist);
    }

    @Override
    public void unlock() throws FlagFileException {
        keeper.unlock();
    }

    @Override
    public FlagState state() {
        return keeper.state();
    }

    @Override
    public DesiredLock desired() {
        return keeper.desired();
    }

    @Override
    public boolean volatileFilePresent() {
        return keeper.volatileFilePresent();
    }

    @Override
    public Optional<String> lastError() {
        return keeper.lastError();
    }

    @Override
    public List<String> anomalies() {
        return keeper.anomalies();
    }

    private TamperWatcher watch(FlagSettings settings, Logger log) {
        try {
            return new TamperWatcher(List.of(settings.volatilePath(), settings.backupPath()),
                    directoryLost -> keeper.correct(directoryLost ? "watch: directory removed" : "watch",
                            directoryLost), log);
        } catch (IOException e) {
            log.warn("cannot watch the flag files ({}) ; relying on the audit every {} ms", e.getMessage(),
                    settings.auditPeriodMs());
            return null;
        }
    }

    private void audit() {
        try {
            keeper.correct("audit", true);
            if (watcher != null) {
                watcher.rearm(); // after the correction, so that a directory it re-created is watched too
            }
        } catch (RuntimeException e) {
            LOG.error("flag file audit failed", e);
        }
    }

    /** The listeners registered now are called in order on the executor thread, never under the keeper's lock. */
    private void publish(FlagChange change) {
        List<FlagStateListener> targets = List.copyOf(listeners);
        try {
            executor.execute(() -> targets.forEach(listener -> {
                try {
                    listener.flagsChanged(change);
                } catch (RuntimeException e) {
                    LOG.warn("flag state listener {} failed", listener, e);
                }
            }));
        } catch (RejectedExecutionException e) {
            // Deactivated: nobody to tell.
        }
    }
}
