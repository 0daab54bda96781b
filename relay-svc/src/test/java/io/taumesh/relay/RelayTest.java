package io.taumesh.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("IPC relay")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class RelayTest {

    @TempDir
    Path dir;

    /** A client of the relay's socket: writes frames, reads frames, with a timeout. */
    static final class Client implements AutoCloseable {
        final SocketChannel channel;
        final BufferedReader reader;

        Client(Path path) throws Exception {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            reader =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        }

        void send(String text) throws Exception {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }

        JsonObject read() throws Exception {
            String line = reader.readLine();
            assertThat(line).as("a frame from the relay").isNotNull();
            return new JsonObject(line);
        }

        /** The next frame that is not a link heartbeat. */
        JsonObject next() throws Exception {
            JsonObject frame;
            do {
                frame = read();
            } while ("event".equals(frame.getString("op")) && "link".equals(frame.getString("topic")));
            return frame;
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }

    private static String deploy(Vertx vertx, Path path) throws Exception {
        return vertx.deployVerticle(
                        new RelayVerticle(),
                        new DeploymentOptions()
                                .setConfig(new JsonObject()
                                        .put(
                                                "relay",
                                                new JsonObject()
                                                        .put("path", path.toString())
                                                        .put("max_frame_bytes", 1024)
                                                        .put("heartbeat_ms", 200))))
                .await(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName(
            "speaks newline-delimited JSON: ping, subscribe and events, snapshots and control actions round-trip over the socket")
    void protocol(Vertx vertx) throws Exception {
        vertx.eventBus()
                .<JsonObject>consumer(
                        Addresses.SUPERVISOR_STATE,
                        m -> MeshBus.reply(m, new JsonObject().put("children", new JsonObject().put("running", 3))));
        vertx.eventBus()
                .<JsonObject>consumer(
                        Addresses.DASHBOARD_CONTROL,
                        m -> MeshBus.reply(
                                m,
                                new JsonObject()
                                        .put("result", "accepted")
                                        .put("action", m.body().getString("action"))));
        Path path = dir.resolve("relay.sock");
        deploy(vertx, path);
        try (Client client = new Client(path)) {
            client.send("{\"op\":\"ping\",\"id\":\"p1\"}\n");
            assertThat(client.next().getString("op")).isEqualTo("pong");

            client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topics\":[\"widgets\"]}\n");
            assertThat(client.next().getJsonArray("topics").getList()).containsExactly("widgets");
            vertx.eventBus()
                    .publish(
                            Addresses.DASHBOARD_WIDGETS,
                            new JsonObject().put("id", "gateway.rollout").put("seq", 4));
            JsonObject event = client.next();
            assertThat(event.getString("topic")).isEqualTo("widgets");
            assertThat(event.getJsonObject("body").getInteger("seq")).isEqualTo(4);

            client.send("{\"op\":\"snapshot\",\"id\":\"q1\",\"what\":\"supervisor_state\"}\n");
            JsonObject snapshot = client.next();
            assertThat(snapshot.getString("id")).isEqualTo("q1");
            assertThat(snapshot.getJsonObject("body").getJsonObject("children").getInteger("running"))
                    .isEqualTo(3);

            client.send(
                    "{\"op\":\"control\",\"id\":\"c1\",\"action\":{\"target\":\"gateway\",\"action\":\"pause\"}}\n");
            JsonObject control = client.next();
            assertThat(control.getString("op")).isEqualTo("control_result");
            assertThat(control.getJsonObject("result").getString("result")).isEqualTo("accepted");

            client.send("{\"op\":\"snapshot\",\"id\":\"q2\",\"what\":\"gateway_status\"}\n");
            JsonObject unanswered = client.next();
            assertThat(unanswered.getString("op")).isEqualTo("error");
            assertThat(unanswered.getString("error")).contains("tau.gateway.status");
        }
    }

    @Test
    @DisplayName(
            "malformed and oversized frames get an error frame and are counted by why; the connection and the relay go on")
    void badFrames(Vertx vertx) throws Exception {
        Path path = dir.resolve("relay.sock");
        deploy(vertx, path);
        try (Client client = new Client(path)) {
            client.send("this is not json\n");
            assertThat(client.next().getString("error")).isEqualTo("frame is not a JSON object");
            client.send("{\"op\":\"dance\"}\n");
            JsonObject unknown = client.next();
            assertThat(unknown.getString("field")).isEqualTo("op");
            client.send("{\"op\":\"subscribe\",\"topics\":[\"gossip\"]}\n");
            assertThat(client.next().getString("field")).isEqualTo("topics");
            client.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(5_000) + "\"}\n");
            assertThat(client.next().getString("error")).isEqualTo("frame over 1024 bytes: dropped");
            client.send("{\"op\":\"ping\",\"id\":\"after\"}\n");
            JsonObject pong = client.next();
            assertThat(pong.getString("op")).isEqualTo("pong");
            assertThat(pong.getString("id")).isEqualTo("after");
        }
        try (Client another = new Client(path)) {
            another.send("{\"op\":\"ping\",\"id\":\"2\"}\n");
            assertThat(another.next().getString("op")).isEqualTo("pong");
            MeterRegistry registry = MeshMetrics.of(vertx);
            // The first client's hang-up reaches the relay shortly after it closed.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("tau_relay_clients").gauge().value() == 1);
            assertThat(registry.get("tau_relay_connections").counter().count()).isEqualTo(2);
            assertThat(registry.get("tau_relay_rejected_frames")
                            .tag("reason", "not_json")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("tau_relay_rejected_frames")
                            .tag("reason", "invalid")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("tau_relay_rejected_frames")
                            .tag("reason", "oversize")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("tau_relay_frames")
                            .tag("direction", "in")
                            .counter()
                            .count())
                    .isEqualTo(5);
            assertThat(registry.get("tau_relay_frames")
                            .tag("direction", "out")
                            .counter()
                            .count())
                    .isEqualTo(6);
        }
    }

    @Test
    @DisplayName(
            "the socket is 0600, a stale socket file is replaced, a live one is refused with field_path=\"dashboard.path\", a clean stop removes it")
    void socketFile(Vertx vertx) throws Exception {
        Path path = dir.resolve("relay.sock");
        // A socket file left by a process that died: bound, then closed without removing it.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(Files.exists(path)).isTrue();
        String id = deploy(vertx, path);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                .isEqualTo("rw-------");

        Vertx other = Vertx.vertx();
        try {
            assertThatThrownBy(() -> deploy(other, path)).hasMessageContaining("field_path=\"dashboard.path\"");
        } finally {
            other.close().await(10, TimeUnit.SECONDS);
        }
        vertx.undeploy(id).await(10, TimeUnit.SECONDS);
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    @DisplayName("a client that does not read has its events dropped and counted; the relay keeps serving others")
    void slowClient(Vertx vertx) throws Exception {
        Path path = dir.resolve("relay.sock");
        deploy(vertx, path);
        try (Client slow = new Client(path);
                Client brisk = new Client(path)) {
            slow.send("{\"op\":\"subscribe\",\"topics\":[\"widgets\"]}\n");
            slow.next();
            JsonObject big = new JsonObject().put("id", "w").put("data", "y".repeat(900));
            for (int i = 0; i < 5_000; i++) {
                vertx.eventBus().publish(Addresses.DASHBOARD_WIDGETS, big.copy().put("seq", i));
            }
            long dropped = Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () -> vertx.eventBus()
                                    .<JsonObject>request(Addresses.RELAY_STATUS, new JsonObject())
                                    .await(5, TimeUnit.SECONDS)
                                    .body()
                                    .getJsonObject("detail")
                                    .getLong("dropped_frames"),
                            d -> d > 0);
            assertThat(dropped)
                    .as("events dropped for the client that does not read")
                    .isPositive();
            assertThat(MeshMetrics.of(vertx)
                            .get("tau_relay_dropped_frames")
                            .counter()
                            .count())
                    .isPositive();
            brisk.send("{\"op\":\"ping\",\"id\":\"still-here\"}\n");
            assertThat(brisk.next().getString("id")).isEqualTo("still-here");
        }
    }

    @Test
    @DisplayName("heartbeats on tau.relay.link with the relay's pid, path and clients")
    void heartbeat(Vertx vertx) throws Exception {
        CompletableFuture<JsonObject> beat = new CompletableFuture<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.RELAY_LINK, m -> beat.complete(m.body()));
        Path path = dir.resolve("relay.sock");
        deploy(vertx, path);
        JsonObject first = beat.get(10, TimeUnit.SECONDS);
        assertThat(first.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
        assertThat(first.getString("path")).isEqualTo(path.toString());
        assertThat(first.getInteger("clients")).isZero();
    }
}
