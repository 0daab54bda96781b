package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * What the browser page does on the web UI's event-bus bridge, frame for frame: a WebSocket on
 * {@code /eventbus/websocket} from the page's own origin, speaking the bridge's JSON frames.
 */
final class BridgePage implements AutoCloseable {

    private final WebSocket socket;
    private final List<JsonObject> frames;
    private final AtomicInteger replies = new AtomicInteger();

    private BridgePage(WebSocket socket, List<JsonObject> frames) {
        this.socket = socket;
        this.frames = frames;
    }

    static BridgePage open(int port) throws Exception {
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(new JsonObject(text.toString()));
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                return onText(webSocket, StandardCharsets.UTF_8.decode(data), last);
            }
        };
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + port)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), listener)
                .get(20, TimeUnit.SECONDS);
        return new BridgePage(socket, received);
    }

    void send(JsonObject frame) throws Exception {
        socket.sendText(frame.encode(), true).get(10, TimeUnit.SECONDS);
    }

    /** Shows the operator token with a snapshot request, as the page does on connect: the bridge then lets it hear views. */
    JsonObject admit(String token) throws Exception {
        JsonObject reply =
                request("ui.control", new JsonObject().put("op", "snapshot").put("token", token), null);
        assertThat(reply.getString("type"))
                .as("the snapshot with the token: %s", reply.encode())
                .isNotEqualTo("err");
        return reply;
    }

    void register(String address) throws Exception {
        send(new JsonObject().put("type", "register").put("address", address));
    }

    /** Sends {@code body} to {@code address} with these headers and waits for the reply frame (or the bridge's err). */
    JsonObject request(String address, JsonObject body, JsonObject headers) throws Exception {
        String replyAddress = "it-reply-" + replies.incrementAndGet();
        send(new JsonObject()
                .put("type", "send")
                .put("address", address)
                .put("replyAddress", replyAddress)
                .put("body", body)
                .put("headers", headers == null ? new JsonObject() : headers));
        return await(f -> replyAddress.equals(f.getString("address"))
                || "err".equals(f.getString("type")) && f.getString("address") == null);
    }

    /** A control action from an operator page: {@code ui.control} with the token. */
    JsonObject control(String token, JsonObject action, JsonObject headers) throws Exception {
        JsonObject body = new JsonObject().put("action", action);
        if (token != null) {
            body.put("token", token);
        }
        return request("ui.control", body, headers);
    }

    /** The first frame matching, waiting up to 30 s; it is taken off the list. */
    JsonObject await(Predicate<JsonObject> matching) {
        JsonObject found = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> frames.stream().filter(matching).findFirst().orElse(null), f -> f != null);
        frames.remove(found);
        return found;
    }

    @Override
    public void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        assertThat(socket.isOutputClosed()).isTrue();
    }
}
