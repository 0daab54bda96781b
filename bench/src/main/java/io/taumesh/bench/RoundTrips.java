package io.taumesh.bench;

import io.taumesh.core.node.MeshNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;

/** The ways the transport benchmark sends a message to the echo server: a raw socket, or the event bus. */
final class RoundTrips {

    /** The size of a message, on a raw socket and as an event-bus buffer. */
    static final int PAYLOAD_BYTES = 64;

    private RoundTrips() {}

    /**
     * Fixed-size messages on a socket to an echo port: the replies come back in order, so each whole payload read
     * answers the oldest message waiting.
     */
    static RoundTrip rawSocket(NetSocket socket, String name) {
        ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        int[] pendingBytes = {0};
        socket.handler(bytes -> {
            pendingBytes[0] += bytes.length();
            while (pendingBytes[0] >= PAYLOAD_BYTES) {
                pendingBytes[0] -= PAYLOAD_BYTES;
                waiting.poll().run();
            }
        });
        Buffer payload = Buffer.buffer(new byte[PAYLOAD_BYTES]);
        return new RoundTrip() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void send(Runnable onReply) {
                waiting.add(onReply);
                socket.write(payload.copy());
            }
        };
    }

    /**
     * Event-bus request/reply to the echo consumer: a small JSON body like a mesh's own requests, or a buffer the size
     * of the raw socket's messages; {@code suffix} names the node's transport in the path's name.
     */
    static RoundTrip eventBus(MeshNode node, boolean json, String suffix) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
        Buffer buffer = Buffer.buffer(new byte[PAYLOAD_BYTES]);
        JsonObject body = new JsonObject()
                .put("schema_version", 1)
                .put("service", "gateway")
                .put("ask", "status")
                .put("n", 0);
        return new RoundTrip() {
            @Override
            public String name() {
                return (json
                                ? "event bus request/reply, JSON body"
                                : "event bus request/reply, " + PAYLOAD_BYTES + "-byte buffer")
                        + suffix;
            }

            @Override
            public void send(Runnable onReply) {
                node.vertx()
                        .eventBus()
                        .request(EchoServerMain.ECHO_ADDRESS, json ? body : buffer, options)
                        .onComplete(ar -> {
                            if (ar.failed()) {
                                throw new IllegalStateException(
                                        "event-bus request failed: "
                                                + ar.cause().getMessage(),
                                        ar.cause());
                            }
                            onReply.run();
                        });
            }
        };
    }
}
