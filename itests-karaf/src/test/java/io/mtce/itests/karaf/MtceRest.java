package io.mtce.itests.karaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mtce REST API at {@code http://127.0.0.1:PORT/mtce/api}, as a script or a browser would call it. */
final class MtceRest {
    static final String CSRF_HEADER = "X-Mtce-Csrf";
    private static final Pattern CSRF = Pattern.compile("\"csrf\":\"([^\"]+)\"");

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    MtceRest(int port) {
        this.port = port;
    }

    /** GET {@code path} below /mtce/api, with Basic credentials unless {@code user} is null. */
    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        return http.send(request(path, user, password).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST without a body, with Basic credentials unless {@code user} is null, and the given CSRF token and Origin. */
    HttpResponse<String> post(String path, String user, String password, String csrf, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path, user, password).POST(HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            b.header(CSRF_HEADER, csrf);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token a Basic client's changes need: {@code GET /mtce/api/session}'s (docs/security.md). */
    String csrf(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/session", user, password);
        Matcher m = CSRF.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new AssertionError("GET /mtce/api/session as " + user + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** This server's origin, as its own page sends it. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** Sends {@code request} as written (the JDK client will not send another Host); returns "HTTP/1.1 NNN". */
    String statusLine(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? "" : line.substring(0, Math.min(12, line.length()));
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    int port() {
        return port;
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mtce/api" + path))
                .timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        return b;
    }
}
