/**
 * Alarms raised against hosts, in StarlingX's fault-management terms (alarm id such as 200.003, entity instance
 * {@code host=<name>}, severity, reason text), and the {@link io.mtce.alarm.AlarmSink} service through which they
 * reach a fault manager. Any number of sinks may be registered; the publisher (the agent) sets and clears alarms
 * through every one of them, hands a sink that comes later the alarms active at that time, and asks each sink at
 * start-up which alarms it still holds, as the C++ mtcAgent reloads them from the fault manager.
 */
@Export
@Version("1.0.0")
package io.mtce.alarm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
