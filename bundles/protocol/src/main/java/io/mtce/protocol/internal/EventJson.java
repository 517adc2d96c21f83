package io.mtce.protocol.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.PxebootInfo;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the two messages that tell where pxeboot mtcAlive goes: the agent's {@code pxebootInfo} request and
 * the client's ready event, in the C++ key order.
 */
final class EventJson {
    private static final String PXEBOOT_INFO = "pxebootInfo";
    private static final String CONTROLLER = "controller";
    private static final String CONTROLLER_0 = "controller-0";
    private static final String CONTROLLER_1 = "controller-1";
    private static final String HOSTNAME = "hostname";
    private static final String SERVICE = "service";
    private static final String ACTIVE_PXEBOOT = "active_controller_pxeboot_address";
    private static final String FEATURES = "features";

    private EventJson() {
    }

    static String writePxebootInfo(PxebootInfo info) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart(PXEBOOT_INFO);
            g.writeStringField(CONTROLLER, info.active());
            g.writeStringField(CONTROLLER_0, info.controller0());
            g.writeStringField(CONTROLLER_1, info.controller1());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static PxebootInfo readPxebootInfo(String json) throws MalformedMessageException {
        Map<String, String> values = new HashMap<>();
        boolean[] found = new boolean[1];
        parse("pxeboot mtcAlive request", json, (parser, key, token) -> {
            if (!PXEBOOT_INFO.equals(key)) {
                parser.skipChildren();
                return;
            }
            if (token != JsonToken.START_OBJECT) {
                throw bad("pxeboot mtcAlive request", "\"" + PXEBOOT_INFO + "\" must be an object");
            }
            found[0] = true;
            readStrings(parser, values, "pxeboot mtcAlive request");
        });
        if (!found[0]) {
            throw bad("pxeboot mtcAlive request", "required key \"" + PXEBOOT_INFO + "\" is missing");
        }
        return new PxebootInfo(values.get(CONTROLLER), values.get(CONTROLLER_0), values.get(CONTROLLER_1));
    }

    static String writeReadyEvent(ReadyEvent event) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField(HOSTNAME, event.hostname());
            g.writeStringField(SERVICE, event.service());
            g.writeStringField(ACTIVE_PXEBOOT, event.activeControllerPxebootAddress());
            g.writeArrayFieldStart(FEATURES);
            for (String feature : event.features()) {
                g.writeString(feature);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static ReadyEvent readReadyEvent(String json) throws MalformedMessageException {
        String what = "ready event";
        Map<String, String> values = new HashMap<>();
        List<String> features = new ArrayList<>();
        parse(what, json, (parser, key, token) -> {
            switch (key) {
                case HOSTNAME, SERVICE, ACTIVE_PXEBOOT -> {
                    if (token != JsonToken.VALUE_STRING) {
                        throw bad(what, "key \"" + key + "\" must be a string");
                    }
                    values.put(key, parser.getText());
                }
                case FEATURES -> {
                    if (token != JsonToken.START_ARRAY) {
                        throw bad(what, "key \"" + FEATURES + "\" must be an array of strings");
                    }
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                        if (t != JsonToken.VALUE_STRING) {
                            throw bad(what, "key \"" + FEATURES + "\" must be an array of strings");
                        }
                        features.add(parser.getText());
                    }
                }
                default -> parser.skipChildren();
            }
        });
        for (String key : List.of(HOSTNAME, SERVICE)) {
            if (values.get(key) == null) {
                throw bad(what, "required key \"" + key + "\" is missing");
            }
        }
        return new ReadyEvent(values.get(HOSTNAME), values.get(SERVICE), values.get(ACTIVE_PXEBOOT), features);
    }

    @FunctionalInterface
    private interface Field {
        void read(JsonParser parser, String key, JsonToken value) throws IOException, MalformedMessageException;
    }

    /** Walks the keys of one top-level object; the callback consumes or skips each value. */
    private static void parse(String what, String json, Field field) throws MalformedMessageException {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(what, "top level must be a JSON object");
            }
            JsonToken token = parser.nextToken();
            for (; token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String key = parser.currentName();
                field.read(parser, key, parser.nextToken());
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw bad(what, "not a single JSON object");
            }
        } catch (JsonProcessingException e) {
            throw bad(what, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad(what, "unreadable JSON: " + e.getMessage());
        }
    }

    private static void readStrings(JsonParser parser, Map<String, String> into, String what)
            throws IOException, MalformedMessageException {
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String key = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw bad(what, "\"" + PXEBOOT_INFO + "." + key + "\" must be a string");
            }
            into.put(key, parser.getText());
        }
    }

    private static MalformedMessageException bad(String what, String detail) {
        return new MalformedMessageException(Reason.BAD_PAYLOAD, WireFormat.OFFSET_BUF, what + " buf: " + detail);
    }
}
