package io.mtce.web.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.NetworkStatus;
import io.mtce.alarm.Alarm;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hosts as JSON, both ways. A host is written as
 * <pre>{"name":"worker-1","mgmtMac":"02:00:00:00:00:01","personality":"worker",
 *  "addresses":{"management":"192.168.204.11"},"admin":"locked","pending":"none","reported":"unknown",
 *  "mismatched":false,"alarms":[{"id":"200.003","severity":"minor","text":"..."}],
 *  "networks":{"management":{"address":"...","lastSeen":null,"ageMillis":null,"sequence":0,"received":0,
 *  "missed":0,"lastAck":null,"lastAckAgeMillis":null}}}</pre>
 * where {@code alarms} are the agent's active alarms against the host (the reason without the leading host name),
 * and a new host is read from {@code {"name","mgmtMac","personality","addresses":{"management",...}}}.
 */
final class HostJson {
    static final String PXEBOOT_ALARM_ID = "200.003";
    static final String PXEBOOT_ALARM_TEXT = "pxeboot network communication failure";

    private HostJson() {
    }

    /** @param alarms the agent's active alarms (those of other hosts are left out) */
    static String host(HostStatus host, List<Alarm> alarms, Instant now) {
        return Json.write(g -> writeHost(g, host, alarms, now));
    }

    /** {@code {"hosts":[...]}} */
    static String hosts(List<HostStatus> hosts, List<Alarm> alarms, Instant now) {
        return Json.write(g -> {
            g.writeStartObject();
            writeHosts(g, hosts, alarms, now);
            g.writeEndObject();
        });
    }

    /** {@code {"error": message}} */
    static String error(String message) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    static void writeHosts(JsonGenerator g, List<HostStatus> hosts, List<Alarm> alarms, Instant now)
            throws IOException {
        g.writeArrayFieldStart("hosts");
        for (HostStatus h : hosts) {
            writeHost(g, h, alarms, now);
        }
        g.writeEndArray();
    }

    static void writeHost(JsonGenerator g, HostStatus h, List<Alarm> alarms, Instant now) throws IOException {
        HostSpec spec = h.spec();
        g.writeStartObject();
        g.writeStringField("name", spec.name());
        g.writeStringField("mgmtMac", spec.mgmtMac());
        g.writeStringField("personality", spec.personality());
        g.writeObjectFieldStart("addresses");
        for (Network n : Network.values()) {
            if (spec.address(n) != null) {
                g.writeStringField(Json.key(n), spec.address(n));
            }
        }
        g.writeEndObject();
        g.writeStringField("admin", lower(h.adminState()));
        g.writeStringField("pending", lower(h.pending()));
        g.writeStringField("reported", reported(h));
        g.writeBooleanField("mismatched", h.mismatched());
        g.writeArrayFieldStart("alarms");
        for (String[] alarm : alarmsOf(h, alarms)) {
            g.writeStartObject();
            g.writeStringField("id", alarm[0]);
            g.writeStringField("severity", alarm[1]);
            g.writeStringField("text", alarm[2]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("networks");
        for (Network n : Network.values()) {
            NetworkStatus s = h.networks().get(n);
            if (spec.address(n) != null || s != null) {
                g.writeFieldName(Json.key(n));
                writeNetwork(g, spec.address(n), s, now);
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Id, severity and text of each of the host's alarms; 200.003 from the host's status if the list lacks it. */
    private static List<String[]> alarmsOf(HostStatus h, List<Alarm> alarms) {
        String instance = Alarm.hostInstance(h.name());
        String prefix = h.name() + " ";
        List<String[]> out = new ArrayList<>();
        for (Alarm a : alarms) {
            if (a.entityInstance().equals(instance)) {
                String text = a.reason().startsWith(prefix) ? a.reason().substring(prefix.length()) : a.reason();
                out.add(new String[] {a.id(), a.severity().fmName(), text});
            }
        }
        if (h.pxebootAlarm() && out.stream().noneMatch(a -> a[0].equals(PXEBOOT_ALARM_ID))) {
            out.add(new String[] {PXEBOOT_ALARM_ID, "minor", PXEBOOT_ALARM_TEXT});
        }
        return out;
    }

    private static void writeNetwork(JsonGenerator g, String address, NetworkStatus s, Instant now)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("address", address);
        Json.instant(g, "lastSeen", s == null ? null : s.lastSeen());
        Json.age(g, "ageMillis", s == null ? null : s.lastSeen(), now);
        g.writeNumberField("sequence", s == null ? 0 : s.sequence());
        g.writeNumberField("received", s == null ? 0 : s.received());
        g.writeNumberField("missed", s == null ? 0 : s.missed());
        Json.instant(g, "lastAck", s == null ? null : s.lastAck());
        Json.age(g, "lastAckAgeMillis", s == null ? null : s.lastAck(), now);
        g.writeEndObject();
    }

    private static String reported(HostStatus h) {
        if (h.reportedLocked() == null) {
            return "unknown";
        }
        return h.reportedLocked() ? "locked" : "unlocked";
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a new host. {@code name}, {@code mgmtMac} and {@code addresses.management} are required,
     * {@code personality} and the other addresses optional; unknown fields are refused so typos do not pass
     * silently. Whether the values are well-formed (MAC, IP literals) is the agent's to say.
     *
     * @throws BadRequestException naming what is missing or malformed
     */
    static HostSpec parseSpec(String body) throws BadRequestException {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("request body is empty; expected a JSON object with name, mgmtMac,"
                    + " personality and addresses");
        }
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            HostSpec spec = readSpec(p);
            if (p.nextToken() != null) {
                throw new BadRequestException("unexpected content after the JSON object" + at(p.currentLocation()));
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: reading from memory", e);
        }
    }

    private static HostSpec readSpec(JsonParser p) throws IOException, BadRequestException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new BadRequestException("expected a JSON object" + at(p.currentTokenLocation()));
        }
        String name = null;
        String mac = null;
        String personality = null;
        Map<Network, String> addresses = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = once(name, string(p, field), field);
                case "mgmtMac" -> mac = once(mac, string(p, field), field);
                case "personality" -> personality = once(personality, string(p, field), field);
                case "addresses" -> addresses = once(addresses, addresses(p), field);
                default -> throw new BadRequestException("unknown field '" + field + "'; expected name, mgmtMac,"
                        + " personality, addresses");
            }
        }
        require(name, "name");
        require(mac, "mgmtMac");
        require(addresses, "addresses");
        require(addresses.get(Network.MANAGEMENT), "addresses.management");
        return new HostSpec(name, mac, personality, addresses);
    }

    private static Map<Network, String> addresses(JsonParser p) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadRequestException("field 'addresses' must be an object such as {\"management\":"
                    + " \"192.168.204.11\"}");
        }
        Map<Network, String> addresses = new EnumMap<>(Network.class);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Network network = Json.network(key);
            if (network == null) {
                throw new BadRequestException("unknown network '" + key + "' in addresses; expected management,"
                        + " cluster-host, pxeboot");
            }
            p.nextToken();
            String field = "addresses." + key;
            addresses.put(network, once(addresses.get(network), string(p, field), field));
        }
        return addresses;
    }

    private static String string(JsonParser p, String field) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BadRequestException("field '" + field + "' must be a string");
        }
        return p.getText();
    }

    private static <T> T once(T previous, T value, String field) throws BadRequestException {
        if (previous != null) {
            throw new BadRequestException("field '" + field + "' is given twice");
        }
        return value;
    }

    private static void require(Object value, String field) throws BadRequestException {
        if (value == null) {
            throw new BadRequestException("missing field '" + field + "'");
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
