package io.taumesh.launcher.drill;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Sends one control action the way an operator's tools do, each on a connection of its own: through the web
 * UI's bridge with the operator token, or through the relay's socket. Returns the mesh's answer, or null when
 * none came (a fault in the way): the caller then tries again with the same idempotency key.
 */
final class ControlSender {

    static final Duration ANSWER = Duration.ofSeconds(8);

    private final String host;
    private final int uiPort;
    private final String token;
    private final Path socket;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Why the last call returned null (an error frame, a closed connection, no answer in time), for reports. */
    private volatile String lastMiss = "none";

    ControlSender(String host, int uiPort, String token, Path socket) {
        this.host = host;
        this.uiPort = uiPort;
        this.token = token;
        this.socket = socket;
    }

    JsonObject viaBridge(JsonObject action) {
        return bridge(new JsonObject().put("action", action).put("token", token));
    }

    /** The widget views a page gets now ({@code {"views": [...]}}), or null. */
    JsonObject snapshotViaBridge() {
        return bridge(new JsonObject().put("op", "snapshot").put("token", token));
    }

    private JsonObject bridge(JsonObject body) {
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        WebSocket ws = null;
        try {
            StringBuilder text = new StringBuilder();
            ws = http.newWebSocketBuilder()
                    .header("Origin", "http://" + host + ":" + uiPort)
                    .buildAsync(
                            URI.create("ws://" + host + ":" + uiPort + "/eventbus/websocket"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                    text.append(data);
                                    if (last) {
                                        JsonObject frame = new JsonObject(text.toString());
                                        text.setLength(0);
                                        if ("ctl".equals(frame.getString("address"))) {
                                            answer.complete(frame.getJsonObject("body"));
                                        } else if ("err".equals(frame.getString("type"))) {
                                            lastMiss = "bridge error frame " + frame.encode();
                                            answer.complete(null);
                                        }
                                    }
                                    w.request(1);
                                    return null;
                                }

                                @Override
                                public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                    return onText(w, StandardCharsets.UTF_8.decode(data), last);
                                }

                                @Override
                                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                                    lastMiss = "bridge closed " + code + " " + reason;
                                    answer.complete(null);
                                    return null;
                                }

                                @Override
                                public void onError(WebSocket w, Throwable error) {
                                    lastMiss = "bridge " + error;
                                    answer.complete(null);
                                }
                            })
                    .get(3, TimeUnit.SECONDS);
            ws.sendText(
                            new JsonObject()
                                    .put("type", "send")
                                    .put("address", "ui.control")
                                    .put("replyAddress", "ctl")
                                    .put("body", body)
                                    .encode(),
                            true)
                    .get(3, TimeUnit.SECONDS);
            return answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            lastMiss = "bridge " + e;
            return null;
        } finally {
            if (ws != null) {
                ws.abort();
            }
        }
    }

    /** Why the last call that returned null did so. */
    String lastMiss() {
        return lastMiss;
    }

    JsonObject viaRelay(JsonObject action) {
        return relay(
                new JsonObject().put("op", "control").put("id", "ctl").put("action", action),
                "control_result",
                "result");
    }

    /** The widget views a client of the relay gets now ({@code {"views": [...]}}), or null. */
    JsonObject snapshotViaRelay() {
        return relay(
                new JsonObject().put("op", "snapshot").put("id", "ctl").put("what", "widgets"), "snapshot", "body");
    }

    private JsonObject relay(JsonObject request, String answerOp, String answerField) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap((request.encode() + "\n").getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<JsonObject> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        JsonObject frame = new JsonObject(line);
                        if ("ctl".equals(frame.getString("id"))) {
                            if (answerOp.equals(frame.getString("op"))) {
                                return frame.getJsonObject(answerField);
                            }
                            lastMiss = "relay answered " + line;
                            return null;
                        }
                    }
                    lastMiss = "relay closed the connection";
                    return null;
                } catch (Exception e) {
                    lastMiss = "relay " + e;
                    return null;
                }
            });
            return answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            lastMiss = "relay " + e;
            return null;
        }
    }
}
