package io.taumesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * One open page of the dashboard, as the control benchmark sees it: when the dashboard's health view of each cycle
 * arrived, the replies it waits for, and its last frames (to say what it saw when an answer does not come).
 */
final class ControlPage {

    /** When the health view of each cycle arrived, in nanos. */
    final Map<Long, Long> healthViewAt = new ConcurrentHashMap<>();

    /** Replies awaited, by reply address. */
    final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();

    final Deque<String> lastFrames = new ConcurrentLinkedDeque<>();
    WebSocket socket;

    private ControlPage() {}

    /**
     * A page as the dashboard's own opens it: the bridge's WebSocket, hearing every view without registering, and
     * pinging every 5 s as the page does (the bridge closes a socket that has not pinged for 10 s).
     */
    static ControlPage open(Vertx vertx, WebSocketClient client, int port, String token) throws Exception {
        ControlPage page = new ControlPage();
        page.socket = client.connect(port, "127.0.0.1", "/eventbus/websocket").await(30, TimeUnit.SECONDS);
        // Its snapshot request shows the token, which admits the page to the views.
        page.socket.writeTextMessage(new JsonObject()
                .put("type", "send")
                .put("address", "ui.control")
                .put("replyAddress", "bench-admit")
                .put("body", new JsonObject().put("op", "snapshot").put("token", token))
                .encode());
        long pinger = vertx.setPeriodic(5_000, id -> page.socket.writeTextMessage("{\"type\":\"ping\"}"));
        page.socket.closeHandler(v -> vertx.cancelTimer(pinger));
        page.socket.textMessageHandler(page::receive);
        page.socket.binaryMessageHandler(bytes -> page.receive(bytes.toString(StandardCharsets.UTF_8)));
        return page;
    }

    private void receive(String text) {
        long now = System.nanoTime();
        lastFrames.addLast(text.length() > 300 ? text.substring(0, 300) : text);
        if (lastFrames.size() > 8) {
            lastFrames.pollFirst();
        }
        // Only the frames this benchmark looks for are parsed: a hundred pages parsing every view would load its loop.
        if (text.contains("\"type\":\"err\"")) {
            // A refusal carries no reply address: it answers the one request in flight.
            replies.values()
                    .forEach(r -> r.completeExceptionally(new IllegalStateException("the bridge refused: " + text)));
            return;
        }
        if (!text.contains("dashboard.health") && !text.contains("bench-reply-")) {
            return;
        }
        JsonObject frame = new JsonObject(text);
        String address = frame.getString("address", "");
        JsonObject body = frame.getJsonObject("body");
        if (address.equals("ui.view.widgets") && body != null && "dashboard.health".equals(body.getString("id"))) {
            Long cycle = body.getJsonObject("data", new JsonObject()).getLong("cycle_id");
            if (cycle != null) {
                healthViewAt.putIfAbsent(cycle, now);
            }
        } else {
            CompletableFuture<JsonObject> reply = replies.remove(address);
            if (reply != null) {
                reply.complete(frame);
            }
        }
    }
}
