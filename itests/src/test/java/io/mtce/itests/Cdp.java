package io.mtce.itests;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol with the JDK's WebSocket client: no Selenium, no
 * driver binary. Chromium picks a free debugging port and writes it to {@code DevToolsActivePort} in its (fresh)
 * profile directory; one page target is created and attached in flat-session mode.
 */
final class Cdp implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private String session;

    private Cdp(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts {@code chromium} headless with a fresh profile and opens one page of {@code width} x {@code height}. */
    static Cdp launch(Path chromium, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("mtce-chromium-");
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            String browserPath = awaitDevToolsPort(profile, process);
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + browserPath), listener)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Cdp cdp = new Cdp(process, profile, socket);
            listener.cdp = cdp;
            String target = (String) cdp.call(null, "Target.createTarget", Map.of("url", "about:blank"))
                    .get("targetId");
            cdp.session = (String) cdp.call(null, "Target.attachToTarget", Map.of("targetId", target,
                    "flatten", true)).get("sessionId");
            cdp.send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false));
            return cdp;
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("cannot connect to Chromium's DevTools", e);
        }
    }

    /** Opens {@code url} and waits until the document has loaded. */
    void navigate(String url) throws IOException, InterruptedException {
        Map<String, Object> result = send("Page.navigate", Map.of("url", url));
        if (result.get("errorText") != null) {
            throw new IOException("cannot open " + url + ": " + result.get("errorText"));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"complete".equals(evaluate("document.readyState"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException(url + " did not finish loading within " + TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and returns its JSON value. */
    Object evaluate(String expression) throws IOException, InterruptedException {
        Map<String, Object> result = send("Runtime.evaluate", Map.of("expression", expression,
                "returnByValue", true, "awaitPromise", true));
        if (result.get("exceptionDetails") != null) {
            throw new IOException("page script failed: " + expression + ": " + result.get("exceptionDetails"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) result.get("result");
        return value.get("value");
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws IOException, InterruptedException {
        return Base64.getDecoder().decode((String) send("Page.captureScreenshot", Map.of("format", "png"))
                .get("data"));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call(null, "Browser.close", Map.of());
        } catch (IOException | RuntimeException e) {
            // closing anyway below
        }
        socket.abort();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }

    private Map<String, Object> send(String method, Map<String, Object> params) throws IOException,
            InterruptedException {
        return call(session, method, params);
    }

    private Map<String, Object> call(String sessionId, String method, Map<String, Object> params)
            throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        message.put("method", method);
        message.put("params", params);
        try {
            socket.sendText(write(message), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Object> answer = reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.get("error") != null) {
                throw new IOException(method + " failed: " + answer.get("error"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) answer.get("result");
            return result == null ? Map.of() : result;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + " got no answer from Chromium", e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        Map<String, Object> message = read(text);
        Object id = message.get("id");
        if (id instanceof Number) {
            CompletableFuture<Map<String, Object>> reply = pending.get(((Number) id).intValue());
            if (reply != null) {
                reply.complete(message);
            }
        }
        // events (no id) are not needed: waits poll the page instead
    }

    /** {@code DevToolsActivePort} holds the port, then the browser target's path. */
    private static String awaitDevToolsPort(Path profile, Process process) throws IOException,
            InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + "; see "
                        + profile.resolve("chromium.log"));
            }
            if (Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    return lines.get(0).trim() + lines.get(1).trim();
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("Chromium wrote no " + file + " within " + TIMEOUT);
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Cdp cdp;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Cdp c = cdp;
                if (c != null) {
                    c.received(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value == null) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            return (Map<String, Object>) readValue(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Chromium sent malformed JSON", e);
        }
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, readValue(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
