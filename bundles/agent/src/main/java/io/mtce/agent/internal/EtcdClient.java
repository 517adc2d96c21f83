package io.mtce.agent.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An etcd v3 client over the JSON gateway every etcd member serves on its client URLs ({@code /v3/kv/range} and so
 * on, keys and values in base64), with java.net.http alone: no gRPC or netty to wire into OSGi. A request goes to
 * the endpoint that answered last and moves on to the next one when that one cannot be reached or answers with an
 * error other than a failed compare. Reads are linearizable (etcd's default), so both reads and writes need a
 * quorum: without one they fail after the request timeout, with a message naming the endpoints.
 */
final class EtcdClient {
    /** One key as etcd holds it. */
    record KeyValue(String key, byte[] value, long createRevision, long modRevision, long lease) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** The keys read and the store's revision at the time of the read. */
    record Range(long revision, List<KeyValue> kvs) {
    }

    /** A change seen by a watch: the key's new value, or its deletion (then {@code kv.value} is empty). */
    record Event(boolean deleted, KeyValue kv) {
    }

    private final List<URI> endpoints;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicInteger current = new AtomicInteger();

    /** @param timeout how long one request may take on one endpoint */
    EtcdClient(List<URI> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd.endpoints lists no endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    List<URI> endpoints() {
        return endpoints;
    }

    HttpClient http() {
        return http;
    }

    Range range(String key, boolean prefix) throws IOException {
        String body = "{\"key\":\"" + b64(key) + "\"" + (prefix ? ",\"range_end\":\"" + b64(prefixEnd(key)) + "\"" : "")
                + "}";
        Map<String, Object> answer = post("/v3/kv/range", body, timeout);
        List<KeyValue> kvs = new ArrayList<>();
        for (Map<String, Object> kv : JsonTree.children(answer, "kvs")) {
            kvs.add(keyValue(kv));
        }
        return new Range(JsonTree.number(JsonTree.child(answer, "header"), "revision"), kvs);
    }

    /**
     * Writes {@code value} at {@code key} if the key's mod_revision is still {@code expectedModRevision} (0: the key
     * does not exist), attached to {@code lease} unless 0.
     *
     * @return the revision of the write, or -1 when the key had changed
     */
    long putIfModRevision(String key, byte[] value, long expectedModRevision, long lease) throws IOException {
        return txn(compare(key, "MOD", "mod_revision", expectedModRevision), put(key, value, lease));
    }

    /** Creates {@code key} if it does not exist: the election's campaign. @return the revision, or -1 if it exists */
    long create(String key, byte[] value, long lease) throws IOException {
        return txn(compare(key, "CREATE", "create_revision", 0), put(key, value, lease));
    }

    /** Deletes {@code key} if its mod_revision is still {@code expectedModRevision}. @return as the put does */
    long deleteIfModRevision(String key, long expectedModRevision) throws IOException {
        return txn(compare(key, "MOD", "mod_revision", expectedModRevision),
                "{\"request_delete_range\":{\"key\":\"" + b64(key) + "\"}}");
    }

    /** Deletes {@code key} if it still holds {@code value}: a resignation that cannot remove a successor's key. */
    long deleteIfValue(String key, byte[] value) throws IOException {
        String compare = "{\"key\":\"" + b64(key) + "\",\"target\":\"VALUE\",\"value\":\""
                + Base64.getEncoder().encodeToString(value) + "\"}";
        return txn(compare, "{\"request_delete_range\":{\"key\":\"" + b64(key) + "\"}}");
    }

    private long txn(String compare, String success) throws IOException {
        Map<String, Object> answer = post("/v3/kv/txn", "{\"compare\":[" + compare + "],\"success\":[" + success
                + "]}", timeout);
        if (!Boolean.TRUE.equals(answer.get("succeeded"))) {
            return -1;
        }
        return JsonTree.number(JsonTree.child(answer, "header"), "revision");
    }

    private static String compare(String key, String target, String field, long value) {
        return "{\"key\":\"" + b64(key) + "\",\"target\":\"" + target + "\",\"" + field + "\":\"" + value + "\"}";
    }

    private static String put(String key, byte[] value, long lease) {
        return "{\"request_put\":{\"key\":\"" + b64(key) + "\",\"value\":\""
                + Base64.getEncoder().encodeToString(value) + "\"" + (lease == 0 ? "" : ",\"lease\":\"" + lease + "\"")
                + "}}";
    }

    /** A lease granted: its id and the TTL etcd gave it (at least its least TTL, whatever was asked). */
    record Lease(long id, long ttlSeconds) {
    }

    /** @return a new lease of {@code ttlSeconds}, or more if etcd's least TTL is longer */
    Lease grant(long ttlSeconds) throws IOException {
        Map<String, Object> answer = post("/v3/lease/grant", "{\"TTL\":\"" + ttlSeconds + "\"}", timeout);
        String error = (String) answer.get("error");
        if (error != null && !error.isEmpty()) {
            throw new IOException("etcd refused a lease of " + ttlSeconds + " s: " + error);
        }
        return new Lease(JsonTree.number(answer, "ID"), JsonTree.number(answer, "TTL"));
    }

    /**
     * Renews {@code lease} once, waiting at most {@code wait} in all (the caller has a deadline), and each endpoint
     * at most its share of it, so that a member that does not answer leaves time to ask the next one.
     *
     * @return the lease's remaining TTL in seconds; 0 when it has expired
     */
    long keepAlive(long lease, Duration wait) throws IOException {
        long share = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeout.toNanos(),
                wait.toNanos() / endpoints.size()));
        Map<String, Object> answer = post("/v3/lease/keepalive", "{\"ID\":\"" + lease + "\"}",
                Duration.ofNanos(share), System.nanoTime() + wait.toNanos());
        return JsonTree.number(JsonTree.child(answer, "result"), "TTL");
    }

    void revoke(long lease) throws IOException {
        post("/v3/lease/revoke", "{\"ID\":\"" + lease + "\"}", timeout);
    }

    /** @return per endpoint, "healthy" or why not (etcd's /health needs the member to see a leader) */
    Map<URI, String> health(Duration wait) {
        Map<URI, String> out = new LinkedHashMap<>();
        for (URI endpoint : endpoints) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(wait)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                Map<String, Object> answer = JsonTree.object(r.body());
                out.put(endpoint, "true".equals(answer.get("health")) ? "healthy"
                        : "unhealthy: " + JsonTree.abbreviate(r.body().strip()));
            } catch (IOException e) {
                out.put(endpoint, "unreachable: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(endpoint, "not checked (interrupted)");
            }
        }
        return out;
    }

    /**
     * Opens a watch of every key under {@code prefix} from {@code fromRevision} on the current endpoint: a stream of
     * JSON lines, one per gateway message, until the caller closes it or the connection ends.
     */
    Stream<String> watch(String prefix, long fromRevision) throws IOException {
        URI endpoint = endpoints.get(Math.floorMod(current.get(), endpoints.size()));
        String body = "{\"create_request\":{\"key\":\"" + b64(prefix) + "\",\"range_end\":\"" + b64(prefixEnd(prefix))
                + "\",\"start_revision\":\"" + fromRevision + "\"}}";
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/v3/watch"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                r.body().close();
                current.incrementAndGet();
                throw new IOException("etcd " + endpoint + " refused the watch: HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            current.incrementAndGet();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the watch", e);
        }
    }

    /** Parses one line of a watch. @return its events; a compaction past the watch's start throws */
    static List<Event> events(String line, long[] revision) throws IOException {
        Map<String, Object> message = JsonTree.object(line);
        Map<String, Object> error = JsonTree.child(message, "error");
        if (!error.isEmpty()) {
            throw new IOException("etcd ended the watch: " + JsonTree.abbreviate(line));
        }
        Map<String, Object> result = JsonTree.child(message, "result");
        long compacted = JsonTree.number(result, "compact_revision");
        if (compacted != 0) {
            throw new CompactedException(compacted);
        }
        if (Boolean.TRUE.equals(result.get("canceled"))) {
            throw new IOException("etcd cancelled the watch: " + JsonTree.abbreviate(line));
        }
        List<Event> events = new ArrayList<>();
        for (Map<String, Object> e : JsonTree.children(result, "events")) {
            events.add(new Event("DELETE".equals(e.get("type")), keyValue(JsonTree.child(e, "kv"))));
        }
        revision[0] = Math.max(revision[0], JsonTree.number(JsonTree.child(result, "header"), "revision"));
        return events;
    }

    /** The watch started before the oldest revision etcd keeps: the watcher must read everything again. */
    static final class CompactedException extends IOException {
        private static final long serialVersionUID = 1L;

        final long revision;

        CompactedException(long revision) {
            super("etcd compacted its history up to revision " + revision);
            this.revision = revision;
        }
    }

    /** Asks each endpoint in turn, each waited for at most {@code wait}, until one answers. */
    private Map<String, Object> post(String path, String body, Duration wait) throws IOException {
        return post(path, body, wait, 0);
    }

    /** As {@link #post(String, String, Duration)}; unless {@code endNanos} is 0, nothing waits past it (nanoTime). */
    private Map<String, Object> post(String path, String body, Duration perEndpoint, long endNanos)
            throws IOException {
        StringBuilder errors = new StringBuilder();
        IOException last = null;
        int start = current.get();
        for (int i = 0; i < endpoints.size(); i++) {
            int index = Math.floorMod(start + i, endpoints.size());
            URI endpoint = endpoints.get(index);
            Duration wait = perEndpoint;
            if (endNanos != 0) {
                long left = endNanos - System.nanoTime();
                if (left <= 0) {
                    errors.append(errors.length() == 0 ? "" : "; ").append(endpoint)
                            .append(": not asked, no time left");
                    break;
                }
                wait = Duration.ofNanos(Math.min(perEndpoint.toNanos(), left));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(wait)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    current.set(index);
                    return JsonTree.object(r.body());
                }
                if (r.body().contains("requested lease not found")) {
                    throw new LeaseNotFoundException(endpoint + " answered " + path + " with HTTP " + r.statusCode()
                            + ": " + JsonTree.abbreviate(r.body().strip()));
                }
                last = new IOException(endpoint + " answered HTTP " + r.statusCode() + ": "
                        + JsonTree.abbreviate(r.body().strip()));
            } catch (LeaseNotFoundException e) {
                throw e;
            } catch (HttpTimeoutException e) {
                last = new IOException(endpoint + ": no answer within " + wait.toMillis() + " ms", e);
            } catch (IOException e) {
                last = new IOException(endpoint + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking etcd " + endpoint, e);
            }
            errors.append(errors.length() == 0 ? "" : "; ").append(last.getMessage());
        }
        current.set(start + 1);
        throw new IOException("etcd did not answer " + path + ": " + errors, last);
    }

    /** etcd no longer knows the lease a request names (it expired or was revoked): a definitive answer. */
    static final class LeaseNotFoundException extends IOException {
        private static final long serialVersionUID = 1L;

        LeaseNotFoundException(String message) {
            super(message);
        }
    }

    private static KeyValue keyValue(Map<String, Object> kv) {
        Object value = kv.get("value");
        return new KeyValue(new String(Base64.getDecoder().decode((String) kv.get("key")), StandardCharsets.UTF_8),
                value == null ? new byte[0] : Base64.getDecoder().decode((String) value),
                JsonTree.number(kv, "create_revision"), JsonTree.number(kv, "mod_revision"),
                JsonTree.number(kv, "lease"));
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The end of the range of keys starting with {@code prefix}, as etcdctl computes it. */
    static byte[] prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0};
    }
}
