package io.mtce.agent.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mtce.agent.AdminState;
import io.mtce.agent.HostSpec;
import io.mtce.protocol.Network;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The inventory file format, written and read with the jackson-core streaming API:
 * <pre>{"version":1,"hosts":[{"name":"worker-1","mgmt_mac":"02:00:00:00:00:01","personality":"worker",
 *  "admin_state":"locked","addresses":{"management":"192.168.204.11","cluster-host":"...","pxeboot":"..."}}]}</pre>
 * Unknown keys are skipped so that a newer file can be read; anything malformed is an error.
 */
final class InventoryJson {
    static final int VERSION = 1;
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** One inventory entry. */
    record Entry(HostSpec spec, AdminState adminState) {
    }

    private InventoryJson() {
    }

    static byte[] write(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("hosts");
            for (Entry e : entries) {
                g.writeStartObject();
                g.writeStringField("name", e.spec().name());
                g.writeStringField("mgmt_mac", e.spec().mgmtMac());
                g.writeStringField("personality", e.spec().personality());
                g.writeStringField("admin_state", e.adminState().name().toLowerCase(Locale.ROOT));
                g.writeObjectFieldStart("addresses");
                for (Network n : Network.values()) {
                    String address = e.spec().address(n);
                    if (address != null) {
                        g.writeStringField(n.key(), address);
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** @throws InventoryException naming {@code source} and what is wrong with {@code content} */
    static List<Entry> read(String source, byte[] content) throws InventoryException {
        try (JsonParser p = FACTORY.createParser(content)) {
            return new Reader(p).file();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InventoryException("inventory file " + source + " is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InventoryException("inventory file " + source + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InventoryException("inventory file " + source + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Reads the structure; malformed content surfaces as IllegalArgumentException or a jackson exception. */
    private static final class Reader {
        private final JsonParser p;

        Reader(JsonParser p) {
            this.p = p;
        }

        List<Entry> file() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the top level");
            List<Entry> entries = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("version")) {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != VERSION) {
                        throw new IllegalArgumentException("\"version\" must be " + VERSION + ", found "
                                + p.getText());
                    }
                } else if (key.equals("hosts")) {
                    expect(value, JsonToken.START_ARRAY, "\"hosts\"");
                    entries = hosts();
                } else {
                    p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the top-level object");
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("content after the top-level object at line "
                        + p.currentLocation().getLineNr());
            }
            if (entries == null) {
                throw new IllegalArgumentException("the \"hosts\" array is missing");
            }
            return entries;
        }

        private List<Entry> hosts() throws IOException {
            List<Entry> entries = new ArrayList<>();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                expect(token, JsonToken.START_OBJECT, "host #" + (entries.size() + 1));
                entries.add(host(entries.size() + 1));
            }
            return entries;
        }

        private Entry host(int index) throws IOException {
            String what = "host #" + index;
            String name = null;
            String mac = null;
            String personality = "";
            AdminState admin = null;
            Map<Network, String> addresses = new EnumMap<>(Network.class);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                switch (key) {
                    case "name" -> name = string(value, what, key);
                    case "mgmt_mac" -> mac = string(value, what, key);
                    case "personality" -> personality = string(value, what, key);
                    case "admin_state" -> admin = adminState(string(value, what, key), what);
                    case "addresses" -> {
                        expect(value, JsonToken.START_OBJECT, what + " \"addresses\"");
                        addresses(addresses, what);
                    }
                    default -> p.skipChildren();
                }
            }
            if (name == null || mac == null || admin == null) {
                throw new IllegalArgumentException(what + " lacks " + (name == null ? "\"name\""
                        : mac == null ? "\"mgmt_mac\"" : "\"admin_state\""));
            }
            return new Entry(new HostSpec(name, mac, personality, addresses), admin);
        }

        private void addresses(Map<Network, String> addresses, String what) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Network network = network(key);
                if (network == null) {
                    throw new IllegalArgumentException(what + " has an address on unknown network \"" + key
                            + "\" (expected management, cluster-host or pxeboot)");
                }
                addresses.put(network, string(p.nextToken(), what, key));
            }
        }

        private String string(JsonToken value, String what, String key) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(what + " \"" + key + "\" must be a string, found " + value);
            }
            return p.getText();
        }

        private static AdminState adminState(String value, String what) {
            for (AdminState s : AdminState.values()) {
                if (s.name().equalsIgnoreCase(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(what + " \"admin_state\" must be locked or unlocked, found '"
                    + value + "'");
        }

        private static Network network(String key) {
            return Network.fromKey(key);
        }

        private void expect(JsonToken found, JsonToken expected, String what) {
            if (found != expected) {
                throw new IllegalArgumentException(what + " must be " + (expected == JsonToken.START_OBJECT
                        ? "an object" : expected == JsonToken.START_ARRAY ? "an array" : "closed")
                        + ", found " + (found == null ? "the end of the file" : found.toString()) + " at line "
                        + p.currentLocation().getLineNr());
            }
        }
    }
}
