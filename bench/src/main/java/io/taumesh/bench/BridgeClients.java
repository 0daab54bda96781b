package io.taumesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WebSocket clients on the web UI's event-bus bridge, each as a page: admitted with the token, hearing every widget
 * view; while measuring, each update's latency from its stamp to its arrival.
 */
final class BridgeClients {

    private final Latencies latencies = new Latencies();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<WebSocket> sockets = new ArrayList<>();
    private boolean measuring;

    private BridgeClients() {}

    /** {@code count} clients connected one after the other. */
    static BridgeClients connect(Vertx vertx, WebSocketClient client, int port, int count) throws Exception {
        BridgeClients clients = new BridgeClients();
        for (int i = 0; i < count; i++) {
            clients.sockets.add(clients.open(vertx, client, port));
        }
        return clients;
    }

    /** Takes the latency of every update that arrives in the next {@code seconds}. */
    void measure(int seconds) throws InterruptedException {
        measuring = true;
        Thread.sleep(seconds * 1_000L);
        measuring = false;
    }

    Latencies latencies() {
        return latencies;
    }

    /** Clients the bridge has closed so far. */
    int disconnected() {
        return closed.get();
    }

    void close() {
        for (WebSocket ws : sockets) {
            ws.close();
        }
    }

    private WebSocket open(Vertx vertx, WebSocketClient client, int port) throws Exception {
        // As a page does: it connects, shows the token with its snapshot request, and hears every view from then on
        // without registering for one.
        WebSocket ws = client.connect(port, "127.0.0.1", "/eventbus/websocket").await(30, TimeUnit.SECONDS);
        ws.binaryMessageHandler(this::sample);
        ws.textMessageHandler(t -> sample(Buffer.buffer(t)));
        ws.writeTextMessage(FanoutServer.ADMIT);
        // As the page does: the bridge closes a socket that has not pinged for 10 s.
        long pinger = vertx.setPeriodic(5_000, id -> ws.writeTextMessage("{\"type\":\"ping\"}"));
        ws.closeHandler(v -> {
            vertx.cancelTimer(pinger);
            closed.incrementAndGet();
        });
        return ws;
    }

    /** Reads the stamp straight from the frame's text: 500 clients parsing every frame would load the measuring side. */
    private void sample(Buffer frame) {
        Instant now = Instant.now();
        if (!measuring) {
            return;
        }
        String text = frame.toString(StandardCharsets.UTF_8);
        int at = text.indexOf("\"sent_us\":");
        if (at < 0) {
            return;
        }
        int start = at + 10;
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        long sent = Long.parseLong(text, start, end, 10);
        synchronized (latencies) {
            latencies.add((micros - sent) * 1_000);
        }
    }
}
