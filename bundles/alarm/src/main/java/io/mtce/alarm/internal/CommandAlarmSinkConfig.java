package io.mtce.alarm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The fault-manager command sink's configuration. Underscores become dots (timeout_ms is the key timeout.ms). */
@ObjectClassDefinition(id = CommandAlarmSink.PID, name = "mtce fault-manager command sink",
        description = "Raises and clears alarms by running StarlingX's fmClientCli (or a command that takes the same"
                + " arguments): -c \"<alarm>\" to raise, -d \"###<id>###<entity instance>###\" to clear, -A <id> to"
                + " list the active alarms after a restart. Runs one command at a time from a bounded queue.")
@interface CommandAlarmSinkConfig {

    @AttributeDefinition(name = "Command",
            description = "The command and its leading arguments (e.g. sudo, then the path); -c/-d/-A and the alarm"
                    + " string are appended.")
    String[] command() default {"/usr/local/bin/fmClientCli"};

    @AttributeDefinition(name = "Timeout (ms)",
            description = "A run that takes longer is killed (with every process it started) and counts as failed."
                    + " > 0.")
    long timeout_ms() default 10000L;

    @AttributeDefinition(name = "Queue size",
            description = "Alarms whose change waits to be run, at most. Changes of one alarm coalesce (the last"
                    + " wins); when the queue is full the oldest waiting change is dropped and logged. >= 1.")
    int queue_size() default 1000;

    @AttributeDefinition(name = "Retries",
            description = "Runs after a failed one before the change is given up (logged as an error). >= 0.")
    int retries() default 5;

    @AttributeDefinition(name = "First retry (ms)",
            description = "Wait before the first retry; each further retry waits twice as long. > 0.")
    long retry_initial_ms() default 1000L;

    @AttributeDefinition(name = "Longest retry wait (ms)", description = "The cap of the retry back-off. > 0.")
    long retry_max_ms() default 60000L;

    @AttributeDefinition(name = "Query at start",
            description = "Whether the agent may ask the fault manager for its active alarms (-A <id>) when it"
                    + " starts, to know them again after a restart.")
    boolean query() default true;
}
