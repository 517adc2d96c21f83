package io.mtce.alarm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The default alarm sink's configuration (state_path is the key state.path). */
@ObjectClassDefinition(id = LocalAlarmSink.PID, name = "mtce local alarm record",
        description = "Logs every alarm raised and cleared and keeps the active ones in a durable file, from which"
                + " the agent knows them again after a restart.")
@interface LocalAlarmSinkConfig {

    @AttributeDefinition(name = "Active alarms file",
            description = "Absolute path of the file of active alarms, rewritten crash-safely on every change.")
    String state_path() default "/var/lib/mtce/alarms.fm";
}
