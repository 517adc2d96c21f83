package io.mtce.agent.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault manager in memory, as an alarm sink: it holds what was set and not cleared (and answers {@link #active}
 * from it, as fmClientCli -A does), and records every call as "set 200.003 host=worker-1" or "clear ...".
 */
final class MemoryFaultManager implements AlarmSink {
    private final Map<AlarmKey, Alarm> held = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void set(Alarm alarm) {
        held.put(alarm.key(), alarm);
        calls.add("set " + alarm.key());
    }

    @Override
    public synchronized void clear(AlarmKey key) {
        held.remove(key);
        calls.add("clear " + key);
    }

    @Override
    public synchronized Optional<List<Alarm>> active(String alarmId) {
        return Optional.of(held.values().stream().filter(a -> a.id().equals(alarmId)).toList());
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized List<AlarmKey> held() {
        return List.copyOf(held.keySet());
    }
}
