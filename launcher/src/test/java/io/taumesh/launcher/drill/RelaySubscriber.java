package io.taumesh.launcher.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A local program on the relay's socket: it subscribes to the widget views, asks for a snapshot on every
 * (re)connect, applies events by seq, and reconnects whenever the relay goes away.
 */
final class RelaySubscriber implements AutoCloseable {

    private final Path socketPath;
    private final ViewReplica replica = new ViewReplica();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile SocketChannel channel;

    RelaySubscriber(String name, Path socketPath) {
        this.socketPath = socketPath;
        this.loop = new Thread(this::run, "drill-relay-" + name);
        loop.setDaemon(true);
        loop.start();
    }

    ViewReplica replica() {
        return replica;
    }

    private void run() {
        while (running) {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel = c;
                c.connect(UnixDomainSocketAddress.of(socketPath));
                c.write(ByteBuffer.wrap(("{\"op\":\"subscribe\",\"id\":\"s\",\"topics\":[\"widgets\"]}\n"
                                + "{\"op\":\"snapshot\",\"id\":\"w\",\"what\":\"widgets\"}\n")
                        .getBytes(StandardCharsets.UTF_8)));
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
                String line;
                while (running && (line = in.readLine()) != null) {
                    JsonObject frame = new JsonObject(line);
                    if ("snapshot".equals(frame.getString("op")) && frame.getValue("body") instanceof JsonObject body) {
                        replica.snapshot(body.getJsonArray("views", new JsonArray()));
                    } else if ("event".equals(frame.getString("op")) && "widgets".equals(frame.getString("topic"))) {
                        replica.apply(frame.getJsonObject("body"));
                    } else if ("error".equals(frame.getString("op")) && "w".equals(frame.getString("id"))) {
                        // The snapshot failed (the dashboard was away): ask again, as a careful client does.
                        Thread.sleep(500);
                        c.write(ByteBuffer.wrap("{\"op\":\"snapshot\",\"id\":\"w\",\"what\":\"widgets\"}\n"
                                .getBytes(StandardCharsets.UTF_8)));
                    }
                }
            } catch (Exception e) {
                // The relay is down or restarting: try again shortly.
            }
            if (running) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        SocketChannel c = channel;
        if (c != null) {
            c.close();
        }
        loop.interrupt();
    }
}
