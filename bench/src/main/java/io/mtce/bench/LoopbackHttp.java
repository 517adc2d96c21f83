package io.mtce.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client on one kept-alive loopback connection, for timing the REST API without the
 * JDK HttpClient's own threads (its selector thread writes the request and hands the response over: two thread
 * hand-offs per request that belong to the client, not to the system measured). Requests are written and the
 * reply read on the calling thread; only replies with a Content-Length are understood (the API sets it).
 */
final class LoopbackHttp implements AutoCloseable {
    /** A status and body. */
    record Reply(int status, String body) {
    }

    private final InetSocketAddress address;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    private final String authorization;

    /** @param authorization the Authorization header sent with every request */
    LoopbackHttp(String host, int port, String authorization) {
        this.address = new InetSocketAddress(host, port);
        this.authorization = authorization;
    }

    Reply get(String path) throws IOException {
        return send("GET", path, null);
    }

    Reply post(String path, String json) throws IOException {
        return send("POST", path, json);
    }

    private Reply send(String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nAuthorization: " + authorization + "\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: "
                + body.length + "\r\n\r\n";
        for (int attempt = 0;; attempt++) {
            try {
                connect();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return read(method + " " + path);
            } catch (IOException e) {
                close(); // the server closed a kept-alive connection: once more on a new one
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(address, 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }
    }

    private Reply read(String what) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before the reply to " + what);
        }
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        int length = -1;
        boolean close = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("reply to " + what + " is " + value + ", not Content-Length");
            }
        }
        if (length < 0) {
            throw new IOException("reply to " + what + " has no Content-Length");
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        if (close) {
            close();
        }
        return new Reply(code, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed in a header line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a loopback socket: nothing to report
            }
            socket = null;
        }
    }
}
