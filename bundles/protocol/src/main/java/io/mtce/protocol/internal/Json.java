package io.mtce.protocol.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The shared jackson-core factory (thread-safe once built) and compact in-memory JSON writing. */
final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Writes one JSON value with a generator. */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    private Json() {
    }

    /** @return the compact JSON text (no spaces) that {@code body} writes */
    static String write(Body body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            body.writeTo(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return text.toString();
    }
}
