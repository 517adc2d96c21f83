package io.mtce.web.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** The jackson-core factory and the small writing helpers the JSON mappings share. */
final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Writes one JSON value with a generator. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toString();
    }

    /** The key of {@code network} in JSON objects: management, cluster-host, pxeboot. */
    static String key(Network network) {
        return network.key();
    }

    /** @return the network whose JSON key is {@code key}, or {@code null} */
    static Network network(String key) {
        return Network.fromKey(key);
    }

    /** An ISO-8601 instant, or null. */
    static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value.toString());
        }
    }

    /** Milliseconds from {@code then} to {@code now} (never negative), or null; ages use the server's clock. */
    static void age(JsonGenerator g, String field, Instant then, Instant now) throws IOException {
        if (then == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, Math.max(0, Duration.between(then, now).toMillis()));
        }
    }
}
