package io.taumesh.launcher;

import io.taumesh.core.bus.Correlation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One request to a node's ops endpoint, over the JDK's plain HTTP client: a command that asks the mesh this way
 * starts no Vert.x and joins no cluster, so it answers in the time of a JVM start and leaves membership alone.
 */
final class OpsClient {

    static final int CONNECT_TIMEOUT_MS = 2_000;
    /** A shutdown answers once the children have stopped: the ops endpoint waits up to a minute for it. */
    static final int READ_TIMEOUT_MS = 65_000;

    /** What came back: the HTTP status and the JSON body. */
    record Answer(int status, String body) {}

    /** The node is not there (nothing listens): the caller may ask another. */
    static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private OpsClient() {}

    /** Blocking. GET when {@code body} is null, POST of the body (JSON) otherwise. */
    static Answer request(String opsUrl, String path, String body, String token, Correlation correlation)
            throws IOException {
        HttpURLConnection http =
                (HttpURLConnection) URI.create(opsUrl + path).toURL().openConnection();
        http.setConnectTimeout(CONNECT_TIMEOUT_MS);
        http.setReadTimeout(READ_TIMEOUT_MS);
        http.setRequestProperty(Correlation.REQUEST_ID, correlation.requestId());
        http.setRequestProperty(Correlation.TRACEPARENT, correlation.traceparent());
        http.setRequestProperty("Accept", "application/json");
        if (token != null) {
            http.setRequestProperty("Authorization", "Bearer " + token);
        }
        try {
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                http.setRequestMethod("POST");
                http.setDoOutput(true);
                http.setFixedLengthStreamingMode(bytes.length);
                http.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = http.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = http.getResponseCode();
            InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, text);
        } catch (ConnectException e) {
            throw new Unreachable(opsUrl + " does not answer: " + e.getMessage(), e);
        } finally {
            http.disconnect();
        }
    }
}
