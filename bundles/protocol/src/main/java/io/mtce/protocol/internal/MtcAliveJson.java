package io.mtce.protocol.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.Network;
import io.mtce.protocol.WireFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity JSON in an mtcAlive buf, written in the C++ key order and read strictly. The usual, plain JSON takes
 * {@link PlainMtcAliveJson}; jackson-core does the rest and gives the reasons for rejecting.
 */
final class MtcAliveJson {
    static final String HOSTNAME = "hostname";
    static final String PERSONALITY = "personality";
    static final String PXEBOOT_IP = "pxeboot_ip";
    static final String MGMT_IP = "mgmt_ip";
    static final String CLUSTER_HOST_IP = "cluster_host_ip";
    static final String MGMT_MAC = "mgmt_mac";
    static final String INTERFACE = "interface";
    static final String SEQUENCE = "sequence";

    private static final List<String> STRING_KEYS =
            List.of(HOSTNAME, PERSONALITY, PXEBOOT_IP, MGMT_IP, CLUSTER_HOST_IP, MGMT_MAC, INTERFACE);

    /** The JSON part of an mtcAlive; the numbers come from parm. */
    record Identity(String hostname, String personality, String pxebootIp, String mgmtIp, String clusterHostIp,
            String mgmtMac, Network network) {
    }

    private MtcAliveJson() {
    }

    static String write(MtcAlive alive) {
        String plain = PlainMtcAliveJson.write(alive);
        return plain != null ? plain : writeGeneral(alive);
    }

    /** Any values, escaped as needed. */
    static String writeGeneral(MtcAlive alive) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField(HOSTNAME, alive.hostname());
            g.writeStringField(PERSONALITY, alive.personality());
            g.writeStringField(PXEBOOT_IP, alive.pxebootIp());
            g.writeStringField(MGMT_IP, alive.mgmtIp());
            g.writeStringField(CLUSTER_HOST_IP, alive.clusterHostIp());
            g.writeStringField(MGMT_MAC, alive.mgmtMac());
            g.writeStringField(INTERFACE, alive.network().wireName());
            g.writeNumberField(SEQUENCE, Integer.toUnsignedLong(alive.sequence()));
            g.writeEndObject();
        });
    }

    /**
     * Reads the string keys of one top-level object. Unknown keys, and "sequence" (parm[3] is authoritative, as in
     * the C++ agent), are skipped whatever their type.
     */
    static Identity read(String json) throws MalformedMessageException {
        Identity plain = PlainMtcAliveJson.read(json);
        return plain != null ? plain : readGeneral(json);
    }

    /** Any JSON text: accepted as {@link #read} describes, or rejected with the reason. */
    static Identity readGeneral(String json) throws MalformedMessageException {
        Map<String, String> values = new HashMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            readObject(parser, values);
        } catch (JsonProcessingException e) {
            throw badPayload("invalid JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badPayload("unreadable JSON: " + e.getMessage());
        }
        return new Identity(required(values, HOSTNAME), required(values, PERSONALITY), values.get(PXEBOOT_IP),
                values.get(MGMT_IP), values.get(CLUSTER_HOST_IP), values.get(MGMT_MAC), network(values));
    }

    private static void readObject(JsonParser parser, Map<String, String> values)
            throws IOException, MalformedMessageException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw badPayload("top level must be a JSON object, found " + describe(first));
        }
        JsonToken token = parser.nextToken();
        for (; token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (STRING_KEYS.contains(key)) {
                if (value != JsonToken.VALUE_STRING) {
                    throw badPayload("key \"" + key + "\" must be a string, found " + describe(value));
                }
                values.put(key, parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw badPayload("expected a key or the end of the object, found " + describe(token));
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw badPayload("trailing content after the JSON object: " + describe(trailing));
        }
    }

    private static String required(Map<String, String> values, String key) throws MalformedMessageException {
        String value = values.get(key);
        if (value == null) {
            throw badPayload("required key \"" + key + "\" is missing");
        }
        return value;
    }

    private static Network network(Map<String, String> values) throws MalformedMessageException {
        String name = required(values, INTERFACE);
        Network network = Network.fromWireName(name);
        if (network == null) {
            throw badPayload("key \"" + INTERFACE + "\" is \"" + name + "\", not one of Mgmnt, Clstr, Pxeboot");
        }
        return network;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        switch (token) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return token.asString() == null ? token.name() : "'" + token.asString() + "'";
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at character " + location.getCharOffset();
    }

    private static MalformedMessageException badPayload(String detail) {
        return new MalformedMessageException(Reason.BAD_PAYLOAD, WireFormat.OFFSET_BUF, "mtcAlive buf: " + detail);
    }
}
