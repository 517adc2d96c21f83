package io.mtce.alarm;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where alarms go: a fault manager, a log, a table. A publisher calls {@link #set} and {@link #clear} on its own
 * event loop, so neither may block: a sink that does I/O queues the change and returns. Setting an alarm that is
 * already set with the same fields, and clearing one that is not set, are harmless.
 */
@ConsumerType
public interface AlarmSink {

    /** Raises {@code alarm}, or updates it when one with its {@link Alarm#key() key} is set. */
    void set(Alarm alarm);

    /** Clears the alarm with {@code key}, if it is set. */
    void clear(AlarmKey key);

    /**
     * The alarms with id {@code alarmId} this sink's fault manager holds as set, for a publisher that restarts and
     * must know them again (the C++ mtcAgent queries the fault manager the same way). May block (for a query of an
     * external fault manager); never called on a publisher's event loop.
     *
     * @return empty when this sink cannot tell (it keeps nothing, or its query is not configured); a list (maybe
     *         empty) when it can
     * @throws AlarmSinkException when the query failed; the message says what was run and what went wrong
     */
    default Optional<List<Alarm>> active(String alarmId) throws AlarmSinkException {
        return Optional.empty();
    }
}
