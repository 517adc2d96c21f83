package io.mtce.alarm.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSink;
import io.mtce.alarm.AlarmSinkException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and clears alarms in StarlingX's fault manager through {@code fmClientCli}: {@link #set} and
 * {@link #clear} only queue the change ({@link PendingChanges}: coalescing per alarm, bounded, never blocking), one
 * thread of its own runs them one at a time, each within a timeout, retrying a failure with a doubling back-off. A
 * clear of an alarm the manager does not have ({@code FM_ERR_ENTITY_NOT_FOUND}) and a raise of one it has
 * ({@code FM_ERR_ALARM_EXISTS}) are successes, as in the C++ {@code alarmUtil}. Off unless configured; immediate, so
 * that its queue outlives a restart of the agent.
 */
@Component(name = CommandAlarmSink.PID, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CommandAlarmSinkConfig.class)
public final class CommandAlarmSink implements AlarmSink {
    static final String PID = "io.mtce.alarm.command";
    static final String NOT_FOUND = "FM_ERR_ENTITY_NOT_FOUND";
    static final String EXISTS = "FM_ERR_ALARM_EXISTS";
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.alarm");

    private final List<String> command;
    private final CommandRunner runner;
    private final PendingChanges queue;
    private final int retries;
    private final long retryInitialMs;
    private final long retryMaxMs;
    private final boolean query;
    private final Logger log;
    private final Thread worker;

    @Activate
    public CommandAlarmSink(CommandAlarmSinkConfig config) {
        this(config, LOG);
    }

    /** @throws IllegalArgumentException naming the key of a value out of range */
    CommandAlarmSink(CommandAlarmSinkConfig config, Logger log) {
        this.command = List.copyOf(Arrays.asList(config.command()));
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException(PID + ": command is empty");
        }
        require(config.timeout_ms() > 0, "timeout.ms", config.timeout_ms());
        require(config.retries() >= 0, "retries", config.retries());
        require(config.retry_initial_ms() > 0, "retry.initial.ms", config.retry_initial_ms());
        require(config.retry_max_ms() > 0, "retry.max.ms", config.retry_max_ms());
        require(config.queue_size() >= 1, "queue.size", config.queue_size());
        this.runner = new CommandRunner(config.timeout_ms());
        this.queue = new PendingChanges(config.queue_size(), System::nanoTime);
        this.retries = config.retries();
        this.retryInitialMs = config.retry_initial_ms();
        this.retryMaxMs = config.retry_max_ms();
        this.query = config.query();
        this.log = log;
        this.worker = new Thread(this::work, "mtce-alarm-command");
        worker.setDaemon(true);
        worker.start();
        log.info("fault-manager command sink: {} (timeout {} ms, queue {}, {} retries)", String.join(" ", command),
                config.timeout_ms(), config.queue_size(), retries);
    }

    @Override
    public void set(Alarm alarm) {
        offer(alarm.key(), alarm);
    }

    @Override
    public void clear(AlarmKey key) {
        offer(key, null);
    }

    @Override
    public Optional<List<Alarm>> active(String alarmId) throws AlarmSinkException {
        if (!query) {
            return Optional.empty();
        }
        List<String> argv = argv("-A", alarmId);
        CommandRunner.Result result;
        try {
            result = runner.run(argv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlarmSinkException(String.join(" ", argv) + " interrupted", e);
        }
        if (!result.ok()) {
            if (!result.timedOut() && result.output().contains(NOT_FOUND)) {
                return Optional.of(List.of());
            }
            throw new AlarmSinkException(String.join(" ", argv) + " failed (" + result.describe() + ")");
        }
        List<Alarm> alarms = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            try {
                FmStrings.parse(line.strip()).filter(a -> a.id().equals(alarmId)).ifPresent(alarms::add);
            } catch (IllegalArgumentException e) {
                throw new AlarmSinkException(String.join(" ", argv) + " printed " + e.getMessage(), e);
            }
        }
        return Optional.of(alarms);
    }

    @Deactivate
    void close() {
        int left = queue.close();
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (left > 0) {
            log.warn("fault-manager command sink stopped with {} alarm change(s) not run", left);
        }
    }

    /** Changes waiting, dropped and coalesced so far, for tests and operators. */
    PendingChanges queue() {
        return queue;
    }

    private void offer(AlarmKey key, Alarm alarm) {
        PendingChanges.Change evicted = queue.offer(key, alarm);
        if (evicted != null) {
            log.error("fault-manager command queue full ; {} of alarm {} dropped ({} dropped so far)",
                    evicted.isSet() ? "raise" : "clear", evicted.key(), queue.dropped());
        }
    }

    private void work() {
        try {
            PendingChanges.Change change;
            while ((change = queue.take()) != null) {
                runChange(change);
            }
        } catch (InterruptedException e) {
            // Stopped.
        }
    }

    private void runChange(PendingChanges.Change change) throws InterruptedException {
        List<String> argv = change.isSet() ? argv("-c", FmStrings.create(change.alarm()))
                : argv("-d", FmStrings.filter(change.key()));
        CommandRunner.Result result = runner.run(argv);
        String what = (change.isSet() ? "raise" : "clear") + " of alarm " + change.key();
        if (result.ok() || !result.timedOut() && result.output().contains(change.isSet() ? EXISTS : NOT_FOUND)) {
            log.debug("{} done", what);
            return;
        }
        if (change.attempts() >= retries) {
            log.error("{} failed {} time(s), giving up ({})", what, change.attempts() + 1, result.describe());
            return;
        }
        long delay = Math.min(retryMaxMs, retryInitialMs << Math.min(change.attempts(), 20));
        if (queue.retry(change, delay)) {
            log.warn("{} failed ({}) ; retrying in {} ms", what, result.describe(), delay);
        } else {
            log.info("{} failed ({}) ; superseded by a later change", what, result.describe());
        }
    }

    private List<String> argv(String option, String argument) {
        List<String> argv = new ArrayList<>(command);
        argv.add(option);
        argv.add(argument);
        return argv;
    }

    private static void require(boolean ok, String key, long value) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": " + key + " = " + value + " is out of range");
        }
    }
}
