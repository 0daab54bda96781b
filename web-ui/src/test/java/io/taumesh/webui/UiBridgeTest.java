package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Web UI server")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class UiBridgeTest {

    private static WebUiVerticle start(Vertx vertx) throws Exception {
        return start(vertx, new JsonObject());
    }

    /** A web UI on loopback with the unit tests' token and {@code settings} besides. */
    static WebUiVerticle start(Vertx vertx, JsonObject settings) throws Exception {
        return start(vertx, settings, new JsonObject());
    }

    /** The same, on a node that gives its services {@code node} besides (its operators file). */
    static WebUiVerticle start(Vertx vertx, JsonObject settings, JsonObject node) throws Exception {
        WebUiVerticle ui = new WebUiVerticle();
        JsonObject webui = new JsonObject()
                .put("host", "127.0.0.1")
                .put("port", 0)
                .put("token", "unit-test-token-000000")
                .mergeIn(settings);
        vertx.deployVerticle(ui, new DeploymentOptions().setConfig(node.copy().put("webui", webui)))
                .await(30, TimeUnit.SECONDS);
        return ui;
    }

    @Test
    @DisplayName("serves the page with nothing loaded from another host")
    void page(Vertx vertx) throws Exception {
        WebUiVerticle ui = start(vertx);
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Tau Mesh</title>")
                .contains("bus.js")
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http");
    }

    @Test
    @DisplayName("refuses a WebSocket opened by a page of another origin, and takes one from its own")
    void origin(Vertx vertx) throws Exception {
        WebUiVerticle ui = start(vertx);
        URI bridge = URI.create("ws://127.0.0.1:" + ui.port() + "/eventbus/websocket");
        WebSocket.Listener quiet = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                webSocket.request(1);
                return null;
            }
        };
        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .header("Origin", "http://evil.example")
                        .buildAsync(bridge, quiet)
                        .get(10, TimeUnit.SECONDS))
                .rootCause()
                .hasMessageContaining("403");
        assertThat(MeshMetrics.of(vertx)
                        .get("tau_webui_origin_rejections")
                        .counter()
                        .count())
                .isEqualTo(1);
        WebSocket own = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + ui.port())
                .buildAsync(bridge, quiet)
                .get(10, TimeUnit.SECONDS);
        own.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName(
            "a page's origin: the UI's own address, loopback, or the address the browser asked for when it is a number "
                    + "(a published container port), never another site nor a DNS name pointed at this address")
    void originRules() {
        assertThat(UiBridge.allowedOrigin(null, "127.0.0.1:8080", "0.0.0.0", 8080))
                .as("not a browser")
                .isTrue();
        assertThat(UiBridge.allowedOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", "0.0.0.0", 8080))
                .isTrue();
        assertThat(UiBridge.allowedOrigin("http://127.0.0.1:18080", "127.0.0.1:18080", "0.0.0.0", 8080))
                .as("published on another port of the host")
                .isTrue();
        assertThat(UiBridge.allowedOrigin("http://10.0.0.5:8080", "10.0.0.5:8080", "0.0.0.0", 8080))
                .isTrue();
        assertThat(UiBridge.allowedOrigin("http://[::1]:8080", "[::1]:8080", "::", 8080))
                .isTrue();
        assertThat(UiBridge.allowedOrigin("http://localhost:18080", "localhost:18080", "0.0.0.0", 8080))
                .isTrue();
        assertThat(UiBridge.allowedOrigin("http://evil.example", "127.0.0.1:8080", "0.0.0.0", 8080))
                .isFalse();
        assertThat(UiBridge.allowedOrigin("http://evil.example:8080", "evil.example:8080", "0.0.0.0", 8080))
                .as("DNS rebinding: a name pointed at this address")
                .isFalse();
        assertThat(UiBridge.allowedOrigin("http://127.0.0.1:9999", "127.0.0.1:18080", "0.0.0.0", 8080))
                .isFalse();
    }

    @Test
    @DisplayName(
            "behind a proxy: a page of an allowed origin may connect, whatever Host the proxy passes on; another may not")
    void allowedOriginsBehindAProxy() {
        List<String> allowed = List.of("https://ops.example.com", "https://127.0.0.1:8443");
        assertThat(UiBridge.allowedOrigin("https://ops.example.com", "ops.example.com", "127.0.0.1", 8080, allowed))
                .isTrue();
        assertThat(UiBridge.allowedOrigin("https://127.0.0.1:8443", "127.0.0.1", "127.0.0.1", 8080, allowed))
                .isTrue();
        assertThat(UiBridge.allowedOrigin("https://127.0.0.1:8443", "127.0.0.1", "127.0.0.1", 8080, List.of()))
                .as("the same page without the flag: the 403 an operator sees behind a proxy")
                .isFalse();
        assertThat(UiBridge.allowedOrigin("https://evil.example", "ops.example.com", "127.0.0.1", 8080, allowed))
                .isFalse();
        assertThat(UiBridge.allowedOrigin("http://ops.example.com", "ops.example.com", "127.0.0.1", 8080, allowed))
                .as("another scheme is another origin")
                .isFalse();
        assertThat(UiBridge.allowedOrigin(null, "127.0.0.1:8080", "127.0.0.1", 8080, allowed))
                .as("a client that sends no Origin (no browser) may connect, allowed origins or none")
                .isTrue();
        assertThat(UiBridge.allowedOrigin(null, "127.0.0.1:8080", "127.0.0.1", 8080, List.of()))
                .isTrue();
    }

    @Test
    @DisplayName(
            "--ui-allowed-origins takes a comma-separated list of origins and refuses, naming the field, what is no origin")
    void allowedOriginsAreOrigins() {
        assertThat(WebUiSettings.originList(" https://a.example , https://b.example:8443,,"))
                .containsExactly("https://a.example", "https://b.example:8443");
        assertThat(WebUiSettings.originList("")).isEmpty();
        assertThat(WebUiSettings.originList(null)).isEmpty();
        String token = "a-token-long-enough-0123456789";
        assertThat(new WebUiSettings("127.0.0.1", 0, token, List.of("https://a.example")).allowedOrigins())
                .containsExactly("https://a.example");
        for (String wrong : List.of(
                "https://a.example/",
                "https://a.example/tau/",
                "ftp://a.example",
                "a.example",
                "https://A.example",
                "https://user@a.example",
                "https://a.example?x=1")) {
            assertThatThrownBy(() -> new WebUiSettings("127.0.0.1", 0, token, List.of(wrong)))
                    .as(wrong)
                    .isInstanceOf(FieldError.class)
                    .hasMessageContaining("allowed_origins")
                    .hasMessageContaining(wrong);
        }
    }

    @Test
    @DisplayName("a client that drops its connection without a close frame is not an error in the log")
    void abruptDisconnectIsQuiet(Vertx vertx) throws Exception {
        ConsoleLogging.configure();
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            WebUiVerticle ui = start(vertx);
            URI bridge = URI.create("ws://127.0.0.1:" + ui.port() + "/eventbus/websocket");
            List<String> frames = new CopyOnWriteArrayList<>();
            WebSocket.Listener listener = new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    frames.add(data.toString());
                    webSocket.request(1);
                    return null;
                }
            };
            for (int i = 0; i < 5; i++) {
                WebSocket socket = HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .header("Origin", "http://127.0.0.1:" + ui.port())
                        .buildAsync(bridge, listener)
                        .get(10, TimeUnit.SECONDS);
                socket.sendText("{\"type\":\"register\",\"address\":\"ui.view.widgets\"}", true)
                        .get(10, TimeUnit.SECONDS);
                socket.abort();
            }
            // The server is still serving: a fresh client gets its snapshot answered.
            WebSocket last = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://127.0.0.1:" + ui.port())
                    .buildAsync(bridge, listener)
                    .get(10, TimeUnit.SECONDS);
            last.sendText("{\"type\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
            last.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(30, TimeUnit.SECONDS);
            assertThat(errors)
                    .extracting(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
                    .isEmpty();
        } finally {
            root.removeHandler(capture);
        }
    }

    /** A page's side of the bridge: JSON frames out, every frame received kept in order. */
    static final class BridgeClient implements AutoCloseable {
        private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final WebSocket socket;

        BridgeClient(int port) throws Exception {
            WebSocket.Listener listener = new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        frames.add(new JsonObject(text.toString()));
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
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), listener)
                    .get(10, TimeUnit.SECONDS);
        }

        void send(JsonObject frame) throws Exception {
            socket.sendText(frame.encode(), true).get(10, TimeUnit.SECONDS);
        }

        /** The next answer to what the page sent: views the web UI pushes to every page meanwhile are passed over. */
        JsonObject nextAnswer() throws Exception {
            while (true) {
                JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
                assertThat(frame).as("a frame within 10 s").isNotNull();
                if (!("rec".equals(frame.getString("type"))
                        && frame.getString("address", "").startsWith("ui.view."))) {
                    return frame;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName(
            "a control action keeps the page's x-request-id and trace through the mesh and back, named as from the page for the audit; refusals are counted by why")
    void correlationAndRefusals(Vertx vertx) throws Exception {
        List<MultiMap> received = new CopyOnWriteArrayList<>();
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.DASHBOARD_CONTROL, msg -> {
                    received.add(msg.headers());
                    MeshBus.reply(
                            msg, new JsonObject().put("result", "accepted").put("reason", "paused"));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
        WebUiVerticle ui = start(vertx);
        MeterRegistry registry = MeshMetrics.of(vertx);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        JsonObject action = new JsonObject().put("target", "gateway").put("action", "pause");
        try (BridgeClient page = new BridgeClient(ui.port())) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("tau_webui_sessions").gauge().value() == 1);
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", "ui.control")
                    .put("replyAddress", "r-1")
                    .put("body", new JsonObject().put("action", action).put("token", "unit-test-token-000000"))
                    .put(
                            "headers",
                            new JsonObject()
                                    .put("x-request-id", "page-req-1")
                                    .put("traceparent", traceparent)
                                    .put("x-smuggled", "dropped")
                                    .put("x-tau-origin", "ops 10.0.0.1:1")));
            JsonObject reply = page.nextAnswer();
            assertThat(reply.getString("address")).isEqualTo("r-1");
            assertThat(reply.getJsonObject("body").getString("request_id")).isEqualTo("page-req-1");
            assertThat(reply.getJsonObject("headers").getString("x-request-id")).isEqualTo("page-req-1");

            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", "ui.control")
                    .put("replyAddress", "r-2")
                    .put("body", new JsonObject().put("action", action)));
            assertThat(page.nextAnswer().getString("type")).isEqualTo("err");
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", "ui.control")
                    .put("replyAddress", "r-3")
                    .put("body", new JsonObject().put("action", action).put("token", "guessed-token-0000000000")));
            assertThat(page.nextAnswer().getString("type")).isEqualTo("err");
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", "tau.gateway.control")
                    .put("replyAddress", "r-4")
                    .put("body", new JsonObject().put("action", "pause")));
            assertThat(page.nextAnswer().getString("type")).isEqualTo("err");
        }
        // The dashboard saw the same request, one hop further along the same trace; nothing else the page sent.
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("x-request-id")).isEqualTo("page-req-1");
        assertThat(received.get(0).get("traceparent"))
                .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                .isNotEqualTo(traceparent);
        assertThat(received.get(0).get("x-smuggled")).isNull();
        // The entrance, as the bridge saw the page: what the dashboard writes in its audit trail.
        assertThat(received.get(0).get(ActionOrigin.HEADER)).startsWith("web-ui 127.0.0.1:");

        assertThat(registry.get("tau_webui_control_actions")
                        .tag("result", "accepted")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("tau_webui_refused_actions")
                        .tag("reason", "no_token")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("tau_webui_refused_actions")
                        .tag("reason", "wrong_token")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("tau_webui_refused_actions")
                        .tag("reason", "denied_address")
                        .counter()
                        .count())
                .isEqualTo(1);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("tau_webui_sessions").gauge().value() == 0);
    }
}
