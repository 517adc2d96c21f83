package io.mtce.agent.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSink;
import io.mtce.alarm.AlarmSinkException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The agent's active alarms and the sinks they go to. The table and the list of sinks belong to the event loop:
 * {@link #set} and {@link #clear} change the table and pass the change to every sink, once (a repeat is no change).
 * A sink that binds is first asked, on the query executor, which of the agent's alarms it holds
 * ({@link AlarmSink#active}); then, on the loop, what it reports is reconciled ({@link Reconciler}) and it is handed
 * every active alarm it lacks, so that a late sink, and one that restarted, gets the current state without a
 * duplicate raise.
 */
final class AlarmPublisher {

    /** What the agent does with an alarm a sink reports when it binds. */
    interface Reconciler {
        /** Whether {@code reported} (not in the table) is the agent's again: restore it, return true; else false. */
        boolean adopt(Alarm reported);
    }

    private static final List<String> IDS = List.of(MtceAlarms.LOCK_ID, MtceAlarms.PXEBOOT_ID);

    private final Map<AlarmKey, Alarm> active = new LinkedHashMap<>();
    /** Keys the agent raised or cleared itself since it started: what it knows better than any sink. */
    private final Set<AlarmKey> decided = new HashSet<>();
    private final List<AlarmSink> sinks = new ArrayList<>();
    private final Set<AlarmSink> bound = ConcurrentHashMap.newKeySet();
    private final Executor queries;
    private final Consumer<Runnable> onLoop;
    private final Reconciler reconciler;
    private final Logger log;

    /**
     * @param queries    where sinks are asked for their alarms (they may block)
     * @param onLoop     hands work to the event loop
     * @param reconciler decides about reported alarms the table lacks
     */
    AlarmPublisher(Executor queries, Consumer<Runnable> onLoop, Reconciler reconciler, Logger log) {
        this.queries = queries;
        this.onLoop = onLoop;
        this.reconciler = reconciler;
        this.log = log;
    }

    // ---- event loop ---------------------------------------------------------------------------------------------

    void set(Alarm alarm) {
        decided.add(alarm.key());
        if (alarm.equals(active.put(alarm.key(), alarm))) {
            return;
        }
        for (AlarmSink sink : sinks) {
            guarded(sink, s -> s.set(alarm));
        }
    }

    void clear(AlarmKey key) {
        decided.add(key);
        if (active.remove(key) == null) {
            return;
        }
        for (AlarmSink sink : sinks) {
            guarded(sink, s -> s.clear(key));
        }
    }

    /** Records an alarm already set in the start-up table, before any sink is bound (no sink is told). */
    void known(Alarm alarm) {
        active.put(alarm.key(), alarm);
    }

    boolean isActive(AlarmKey key) {
        return active.containsKey(key);
    }

    List<Alarm> active() {
        return List.copyOf(active.values());
    }

    // ---- any thread ---------------------------------------------------------------------------------------------

    void sinkAdded(AlarmSink sink) {
        bound.add(sink);
        queries.execute(() -> {
            Optional<List<Alarm>> reported = query(sink);
            onLoop.accept(() -> adopt(sink, reported));
        });
    }

    void sinkRemoved(AlarmSink sink) {
        bound.remove(sink);
        onLoop.accept(() -> sinks.remove(sink));
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private Optional<List<Alarm>> query(AlarmSink sink) {
        List<Alarm> all = new ArrayList<>();
        try {
            for (String id : IDS) {
                Optional<List<Alarm>> some = sink.active(id);
                if (some.isEmpty()) {
                    return Optional.empty();
                }
                all.addAll(some.get());
            }
        } catch (AlarmSinkException | RuntimeException e) {
            log.warn("alarm sink {} could not list its active alarms ; sending it every active alarm: {}",
                    sink.getClass().getSimpleName(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(all);
    }

    private void adopt(AlarmSink sink, Optional<List<Alarm>> reported) {
        if (!bound.contains(sink) || sinks.contains(sink)) {
            return;
        }
        Set<Alarm> held = new HashSet<>(reported.orElse(List.of()));
        for (Alarm r : held) {
            AlarmKey key = r.key();
            if (active.containsKey(key)) {
                continue; // the agent has it too; sent below if its fields differ
            }
            if (!decided.contains(key) && reconciler.adopt(r)) {
                log.info("{} alarm {} found active ; loaded {}", hostOrInstance(r), r.id(), r.severity().fmName());
                active.put(key, r);
                for (AlarmSink other : sinks) {
                    guarded(other, s -> s.set(r));
                }
            } else {
                log.info("{} alarm {} found active but no longer is ; clearing", hostOrInstance(r), r.id());
                guarded(sink, s -> s.clear(key));
            }
        }
        for (Alarm a : active.values()) {
            if (!held.contains(a)) {
                guarded(sink, s -> s.set(a));
            }
        }
        sinks.add(sink);
    }

    private void guarded(AlarmSink sink, Consumer<AlarmSink> call) {
        try {
            call.accept(sink);
        } catch (RuntimeException e) {
            log.error("alarm sink {} failed", sink.getClass().getSimpleName(), e);
        }
    }

    private static String hostOrInstance(Alarm a) {
        String host = Alarm.hostOf(a.entityInstance());
        return host == null ? a.entityInstance() : host;
    }
}
