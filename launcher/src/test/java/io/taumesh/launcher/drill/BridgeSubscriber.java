package io.taumesh.launcher.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A browser-like subscriber of the web UI's bridge: it asks for a snapshot with the operator token on every (re)connect
 * (which admits it to the views), registers for the widget views and the relay link, applies updates by seq, and
 * reconnects whenever its connection drops.
 */
final class BridgeSubscriber implements AutoCloseable {

    private final String host;
    private final String token;
    private final int port;
    private final ViewReplica replica = new ViewReplica();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong snapshots = new AtomicLong();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile JsonObject lastLink = new JsonObject();
    private volatile WebSocket socket;

    BridgeSubscriber(String name, String host, int port, String token) {
        this.token = token;
        this.host = host;
        this.port = port;
        this.loop = new Thread(this::run, "drill-bridge-" + name);
        loop.setDaemon(true);
        loop.start();
    }

    ViewReplica replica() {
        return replica;
    }

    /** The relay link as the page last saw it. */
    JsonObject lastLink() {
        return lastLink;
    }

    private void run() {
        while (running) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            try {
                StringBuilder text = new StringBuilder();
                socket = http.newWebSocketBuilder()
                        .header("Origin", "http://" + host + ":" + port)
                        .buildAsync(
                                URI.create("ws://" + host + ":" + port + "/eventbus/websocket"),
                                new WebSocket.Listener() {
                                    @Override
                                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                        text.append(data);
                                        if (last) {
                                            frame(new JsonObject(text.toString()));
                                            text.setLength(0);
                                        }
                                        ws.request(1);
                                        return null;
                                    }

                                    @Override
                                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                                        return onText(ws, StandardCharsets.UTF_8.decode(data), last);
                                    }

                                    @Override
                                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                                        closed.complete(null);
                                        return null;
                                    }

                                    @Override
                                    public void onError(WebSocket ws, Throwable error) {
                                        closed.complete(null);
                                    }
                                })
                        .get(5, TimeUnit.SECONDS);
                send(new JsonObject()
                        .put("type", "send")
                        .put("address", "ui.control")
                        .put("replyAddress", "snap-" + snapshots.incrementAndGet())
                        .put("body", new JsonObject().put("op", "snapshot").put("token", token)));
                send(new JsonObject().put("type", "register").put("address", "ui.view.widgets"));
                send(new JsonObject().put("type", "register").put("address", "ui.view.link"));
                closed.join();
            } catch (Exception e) {
                // The web UI is down or restarting: try again shortly.
            }
            if (running) {
                try {
                    Thread.sleep(200); // reconnect backoff of a page
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void send(JsonObject frame) throws Exception {
        socket.sendText(frame.encode(), true).get(5, TimeUnit.SECONDS);
    }

    private void frame(JsonObject frame) {
        String address = frame.getString("address", "");
        JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : new JsonObject();
        if (address.startsWith("snap-")) {
            JsonArray views = body.getJsonArray("views", new JsonArray());
            if (views.isEmpty()) {
                // The dashboard did not answer the snapshot (it was away): ask again in a moment, as the page does.
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> {
                    try {
                        send(new JsonObject()
                                .put("type", "send")
                                .put("address", "ui.control")
                                .put("replyAddress", "snap-" + snapshots.incrementAndGet())
                                .put(
                                        "body",
                                        new JsonObject().put("op", "snapshot").put("token", token)));
                    } catch (Exception e) {
                        // The connection went: the reconnect asks again.
                    }
                });
                return;
            }
            replica.snapshot(views);
            if (body.getValue("link") instanceof JsonObject link) {
                lastLink = link;
            }
        } else if (address.equals("ui.view.widgets")) {
            replica.apply(body);
        } else if (address.equals("ui.view.link")) {
            lastLink = body;
        }
    }

    @Override
    public void close() {
        running = false;
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        loop.interrupt();
    }
}
