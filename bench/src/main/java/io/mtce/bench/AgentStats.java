package io.mtce.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One snapshot of the agent's {@code GET /mtce/api/stats}: the counters and the handling-latency buckets (upper
 * bound in µs → count), which two snapshots subtract into the histogram of the interval between them.
 */
final class AgentStats {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonFactory JSON = JsonFactory.builder().build();

    final long received;
    final long handled;
    final long rejected;
    final TreeMap<Long, Long> buckets;

    private AgentStats(long received, long handled, long rejected, TreeMap<Long, Long> buckets) {
        this.received = received;
        this.handled = handled;
        this.rejected = rejected;
        this.buckets = buckets;
    }

    static AgentStats fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", ApiAuth.authorization(null)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IOException("GET " + url + ": " + reply.statusCode() + " " + reply.body());
        }
        return parse(reply.body());
    }

    static AgentStats parse(String json) throws IOException {
        long received = -1;
        long handled = -1;
        long rejected = 0;
        TreeMap<Long, Long> buckets = new TreeMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            int depth = 0;
            String field = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT -> depth++;
                    case END_OBJECT -> depth--;
                    case FIELD_NAME -> field = p.currentName();
                    case VALUE_NUMBER_INT -> {
                        if (depth == 1 && "received".equals(field)) {
                            received = p.getLongValue();
                        } else if (depth == 1 && "handled".equals(field)) {
                            handled = p.getLongValue();
                        } else if (depth == 1 && "rejectedTotal".equals(field)) {
                            rejected = p.getLongValue();
                        }
                    }
                    case START_ARRAY -> {
                        if ("buckets".equals(field)) {
                            readBuckets(p, buckets);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        if (received < 0 || handled < 0) {
            throw new IOException("not an agent statistics reply: " + json);
        }
        return new AgentStats(received, handled, rejected, buckets);
    }

    private static void readBuckets(JsonParser p, Map<Long, Long> into) throws IOException {
        while (p.nextToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            long upper = p.getLongValue();
            p.nextToken();
            into.put(upper, p.getLongValue());
            p.nextToken(); // END_ARRAY
        }
    }

    /** The buckets of {@code later} minus those of {@code earlier}, as [upper, count] pairs in increasing order. */
    static long[] minus(TreeMap<Long, Long> later, TreeMap<Long, Long> earlier) {
        long[] out = new long[later.size() * 2];
        int i = 0;
        for (Map.Entry<Long, Long> e : later.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue() - earlier.getOrDefault(e.getKey(), 0L);
        }
        return out;
    }

    /** Nearest-rank percentile of [upper, count] pairs, as its bucket's upper bound; 0 when empty. */
    static long percentile(long[] pairs, double percent) {
        long total = 0;
        for (int i = 1; i < pairs.length; i += 2) {
            total += pairs[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(percent / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            seen += pairs[i + 1];
            if (seen >= rank) {
                return pairs[i];
            }
        }
        return pairs[pairs.length - 2];
    }
}
