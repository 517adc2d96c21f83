package io.mtce.web.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mtce.agent.AgentStatistics;
import io.mtce.agent.ControllerStatus;
import io.mtce.agent.HostStatus;
import io.mtce.agent.LatencyHistogram;
import io.mtce.alarm.Alarm;
import io.mtce.flags.NodeLockFlags;
import io.mtce.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Transports, this host's flag files, and the page's snapshot as JSON. The snapshot is
 * <pre>{"time":"...","refreshMillis":1000,"agent":true,"agentMessage":null,"hosts":[...],
 *  "transports":[...],"flags":{...}|null}</pre>
 */
final class StatusJson {
    /** The order the shell lists transports in: by role, then network. */
    static final Comparator<TransportRow> ORDER = Comparator.comparing(TransportRow::role)
            .thenComparing(row -> row.transport().network());

    /**
     * What the page shows; {@code hosts} is null when there is no agent, {@code flags} when no flag service;
     * {@code alarms} are the agent's active alarms (empty without an agent), {@code controllers} null without one.
     */
    record Snapshot(Instant time, int refreshMillis, List<HostStatus> hosts, List<Alarm> alarms, String agentMessage,
            List<TransportRow> transports, NodeLockFlags flags, ControllerStatus controllers) {
    }

    private StatusJson() {
    }

    /** {@code {"transports":[{"network","role","up","address","port","since","reason"}]}} */
    static String transports(List<TransportRow> transports) {
        return Json.write(g -> {
            g.writeStartObject();
            writeTransports(g, transports);
            g.writeEndObject();
        });
    }

    /** {@code {"state","volatilePresent","backupPresent","desired","desiredLocked","settled","anomalies",
     * "lastError"}} */
    static String flags(NodeLockFlags flags) {
        return Json.write(g -> writeFlags(g, flags));
    }

    /**
     * {@code {"since","received","handled","sent","rejectedTotal","rejected":{REASON:n},"duplicateAcks",
     * "handling":{"count",
     * "p50Micros","p99Micros","p999Micros","maxMicros","buckets":[[upperMicros,count],...]}}}; the buckets are
     * the non-empty ones, so two snapshots can be subtracted bucket by bucket.
     */
    static String statistics(AgentStatistics s, long duplicateAcks) {
        return Json.write(g -> {
            g.writeStartObject();
            Json.instant(g, "since", s.since());
            g.writeNumberField("received", s.received());
            g.writeNumberField("handled", s.handled());
            g.writeNumberField("sent", s.sent());
            g.writeNumberField("rejectedTotal", s.rejectedTotal());
            g.writeObjectFieldStart("rejected");
            for (var e : new TreeMap<>(s.rejected()).entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("duplicateAcks", duplicateAcks);
            LatencyHistogram h = s.handling();
            g.writeObjectFieldStart("handling");
            g.writeNumberField("count", h.count());
            g.writeNumberField("p50Micros", h.percentileMicros(50));
            g.writeNumberField("p99Micros", h.percentileMicros(99));
            g.writeNumberField("p999Micros", h.percentileMicros(99.9));
            g.writeNumberField("maxMicros", h.maxMicros());
            g.writeArrayFieldStart("buckets");
            for (LatencyHistogram.Bucket b : h.buckets()) {
                g.writeStartArray();
                g.writeNumber(b.upperMicros());
                g.writeNumber(b.count());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static String snapshot(Snapshot s) {
        return Json.write(g -> {
            g.writeStartObject();
            Json.instant(g, "time", s.time());
            g.writeNumberField("refreshMillis", s.refreshMillis());
            g.writeBooleanField("agent", s.hosts() != null);
            g.writeStringField("agentMessage", s.agentMessage());
            HostJson.writeHosts(g, s.hosts() == null ? List.of() : s.hosts(), s.alarms(), s.time());
            writeTransports(g, s.transports());
            g.writeFieldName("flags");
            if (s.flags() == null) {
                g.writeNull();
            } else {
                writeFlags(g, s.flags());
            }
            g.writeFieldName("controllers");
            if (s.controllers() == null) {
                g.writeNull();
            } else {
                writeControllers(g, s.controllers());
            }
            g.writeEndObject();
        });
    }

    /** {@code {"controller","active","activeController","inventory","etcd":{"http://...":"healthy"}}} */
    static String controllers(ControllerStatus c) {
        return Json.write(g -> writeControllers(g, c));
    }

    private static void writeControllers(JsonGenerator g, ControllerStatus c) throws IOException {
        g.writeStartObject();
        g.writeStringField("controller", c.controller());
        g.writeBooleanField("active", c.active());
        g.writeStringField("activeController", c.activeController());
        g.writeStringField("inventory", c.inventory());
        g.writeObjectFieldStart("etcd");
        for (var e : new TreeMap<>(c.etcdEndpoints()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeTransports(JsonGenerator g, List<TransportRow> transports) throws IOException {
        g.writeArrayFieldStart("transports");
        for (TransportRow row : transports.stream().sorted(ORDER).toList()) {
            Transport t = row.transport();
            var state = t.state();
            InetSocketAddress local = t.localAddress();
            g.writeStartObject();
            g.writeStringField("network", Json.key(t.network()));
            g.writeStringField("role", row.role());
            g.writeBooleanField("up", state.isUp());
            g.writeStringField("address", local == null ? null : local.getAddress().getHostAddress());
            if (local == null) {
                g.writeNullField("port");
            } else {
                g.writeNumberField("port", local.getPort());
            }
            Json.instant(g, "since", state.since());
            g.writeStringField("reason", state.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeFlags(JsonGenerator g, NodeLockFlags flags) throws IOException {
        var state = flags.state();
        var desired = flags.desired();
        g.writeStartObject();
        g.writeStringField("state", HostJson.lower(state));
        g.writeBooleanField("volatilePresent", state.volatilePresent());
        g.writeBooleanField("backupPresent", state.backupPresent());
        g.writeStringField("desired", HostJson.lower(desired));
        g.writeBooleanField("desiredLocked", desired.locked());
        g.writeBooleanField("settled", state == desired.expected()); // false: a failed change is being retried
        g.writeArrayFieldStart("anomalies");
        for (String anomaly : flags.anomalies()) {
            g.writeString(anomaly);
        }
        g.writeEndArray();
        g.writeStringField("lastError", flags.lastError().orElse(null));
        g.writeEndObject();
    }
}
