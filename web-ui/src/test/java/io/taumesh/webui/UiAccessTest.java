package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.runner.control.AuditTrail;
import io.taumesh.core.security.InputLimits;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a browser may and may not do through the web UI: permits both ways, the operator token, size limits, binds. */
@DisplayName("Web UI access control")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class UiAccessTest {

    static final String TOKEN = "access-test-token-5f1c9e";

    private static WebUiVerticle start(Vertx vertx, JsonObject webui) throws Exception {
        WebUiVerticle ui = new WebUiVerticle();
        vertx.deployVerticle(ui, new DeploymentOptions().setConfig(new JsonObject().put("webui", webui)))
                .await(30, TimeUnit.SECONDS);
        return ui;
    }

    private static WebUiVerticle start(Vertx vertx) throws Exception {
        return start(
                vertx, new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", TOKEN));
    }

    /** A page's end of the bridge. */
    static final class Page implements AutoCloseable {
        final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket socket;

        Page(int port) throws Exception {
            WebSocket.Listener listener = new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        frames.add(new JsonObject(text.toString()));
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
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    closed.complete(-1);
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

        /** The next frame that is not a message on a view the page registered for. */
        JsonObject answer() throws Exception {
            while (true) {
                JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
                assertThat(frame).as("an answer within 10 s").isNotNull();
                if (!"rec".equals(frame.getString("type"))
                        || frame.getString("address", "").startsWith("r-")) {
                    return frame;
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
            } catch (Exception alreadyClosed) {
                socket.abort();
            }
        }
    }

    @Test
    @DisplayName("the bridge refuses every address outside its permits, in both directions, and any publish")
    void permits(Vertx vertx) throws Exception {
        // (the web UI asks the runners' statuses itself, every second: a status address it does not ask is used here)
        List<JsonObject> reachedMesh = new CopyOnWriteArrayList<>();
        for (String address : List.of(
                Addresses.GATEWAY_CONTROL,
                Addresses.DASHBOARD_CONTROL,
                Addresses.SUPERVISOR_COMMAND,
                Addresses.SUPERVISOR_STATUS,
                "ui.viewx")) {
            vertx.eventBus()
                    .<JsonObject>consumer(address, m -> {
                        reachedMesh.add(new JsonObject().put("address", address));
                        MeshBus.reply(m, new JsonObject().put("result", "accepted"));
                    })
                    .completion()
                    .await(10, TimeUnit.SECONDS);
        }
        List<JsonObject> historyAsked = new CopyOnWriteArrayList<>();
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.GATEWAY_HISTORY, m -> {
                    historyAsked.add(m.body());
                    MeshBus.reply(m, new JsonObject().put("runtime", "gateway").put("cycles", 0));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
        WebUiVerticle ui = start(vertx);
        MeterRegistry registry = MeshMetrics.of(vertx);
        try (Page page = new Page(ui.port())) {
            JsonObject action = new JsonObject().put("target", "gateway").put("action", "pause");
            // In: sends and publishes anywhere but a send to ui.control; a publish to ui.control, even with the token.
            for (String address : List.of(
                    Addresses.GATEWAY_CONTROL,
                    Addresses.DASHBOARD_CONTROL,
                    Addresses.SUPERVISOR_COMMAND,
                    Addresses.SUPERVISOR_STATUS,
                    Addresses.UI_VIEW_WIDGETS,
                    "ui.viewx")) {
                page.send(new JsonObject()
                        .put("type", "send")
                        .put("address", address)
                        .put("replyAddress", "r-s")
                        .put("body", new JsonObject().put("action", action).put("token", TOKEN)));
                assertThat(page.answer().getString("type"))
                        .as("send to %s", address)
                        .isEqualTo("err");
                page.send(new JsonObject()
                        .put("type", "publish")
                        .put("address", address)
                        .put("body", new JsonObject().put("action", action).put("token", TOKEN)));
                assertThat(page.answer().getString("type"))
                        .as("publish to %s", address)
                        .isEqualTo("err");
            }
            page.send(new JsonObject()
                    .put("type", "publish")
                    .put("address", Addresses.UI_CONTROL)
                    .put("body", new JsonObject().put("action", action)));
            assertThat(page.answer().getString("type"))
                    .as("publish to ui.control")
                    .isEqualTo("err");
            // Out: registering on anything but ui.view.* (the mesh's own addresses, the control address itself).
            for (String address : List.of(
                    Addresses.GATEWAY_EVENTS,
                    Addresses.DASHBOARD_WIDGETS,
                    Addresses.UI_CONTROL,
                    Addresses.SUPERVISOR_EVENTS,
                    "ui.viewx",
                    "ui.view")) {
                page.send(new JsonObject().put("type", "register").put("address", address));
                assertThat(page.answer().getString("type"))
                        .as("register on %s", address)
                        .isEqualTo("err");
            }
            // Without the token a page hears nothing: its snapshot and its register are refused, and no view reaches
            // it.
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", Addresses.UI_CONTROL)
                    .put("replyAddress", "r-snap-0")
                    .put("body", new JsonObject().put("op", "snapshot")));
            assertThat(page.answer().getString("type"))
                    .as("a snapshot without the token")
                    .isEqualTo("err");
            page.send(new JsonObject().put("type", "register").put("address", Addresses.UI_VIEW_AUDIT));
            assertThat(page.answer().getString("type"))
                    .as("a register without the token")
                    .isEqualTo("err");
            JsonObject history = new JsonObject()
                    .put("op", "history")
                    .put("runtime", "gateway")
                    .put("window", "5m");
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", Addresses.UI_CONTROL)
                    .put("replyAddress", "r-hist-0")
                    .put("body", history.copy()));
            assertThat(page.answer().getString("type"))
                    .as("a history without the token")
                    .isEqualTo("err");
            vertx.eventBus().publish(Addresses.UI_VIEW_AUDIT, new JsonObject().put("probe", "unseen"));
            assertThat(page.frames.poll(1, TimeUnit.SECONDS))
                    .as("a view pushed to a page that showed no token")
                    .isNull();
            // With the token (its snapshot shows it), a permitted register works: the page gets a view published after
            // it.
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", Addresses.UI_CONTROL)
                    .put("replyAddress", "r-snap-1")
                    .put("body", new JsonObject().put("op", "snapshot").put("token", TOKEN)));
            assertThat(page.answer().getString("address"))
                    .as("the snapshot's answer")
                    .isEqualTo("r-snap-1");
            // A runtime's history is a read: with the token it is asked of the runner, without the token in it.
            page.send(new JsonObject()
                    .put("type", "send")
                    .put("address", Addresses.UI_CONTROL)
                    .put("replyAddress", "r-hist-1")
                    .put("body", history.copy().put("token", TOKEN)));
            JsonObject answered = page.answer();
            assertThat(answered.getString("address")).isEqualTo("r-hist-1");
            assertThat(answered.getJsonObject("body").getString("runtime")).isEqualTo("gateway");
            assertThat(historyAsked).containsExactly(new JsonObject().put("window", "5m"));
            page.send(new JsonObject().put("type", "register").put("address", Addresses.UI_VIEW_AUDIT));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                vertx.eventBus().publish(Addresses.UI_VIEW_AUDIT, new JsonObject().put("probe", true));
                JsonObject frame = page.frames.poll(200, TimeUnit.MILLISECONDS);
                assertThat(frame).isNotNull();
                assertThat(frame.getString("address")).isEqualTo(Addresses.UI_VIEW_AUDIT);
            });
        }
        assertThat(reachedMesh).as("messages that reached the mesh's addresses").isEmpty();
        assertThat(registry.get("tau_webui_refused_actions")
                        .tag("reason", "denied_address")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(19);
    }

    @Test
    @DisplayName(
            "a control action without the token, or with a wrong one, is refused and audited in the dashboard's trail; no token is ever logged")
    void tokenRefusedAuditedNeverLogged(Vertx vertx, @TempDir Path dashboardDir) throws Exception {
        ConsoleLogging.configure();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.setLevel(Level.INFO);
        root.addHandler(capture);
        List<JsonObject> audit = new CopyOnWriteArrayList<>();
        List<JsonObject> reachedDashboard = new CopyOnWriteArrayList<>();
        List<String> origins = new CopyOnWriteArrayList<>();
        String guess = "guessed-token-0000000000";
        try {
            vertx.eventBus()
                    .<JsonObject>consumer(Addresses.DASHBOARD_CONTROL, m -> {
                        reachedDashboard.add(m.body());
                        origins.add(ActionOrigin.of(m.headers()));
                        MeshBus.reply(
                                m, new JsonObject().put("result", "accepted").put("reason", "paused"));
                    })
                    .completion()
                    .await(10, TimeUnit.SECONDS);
            // The dashboard's trail, which keeps what the bridge refused; its entries reach the pages.
            AuditTrail.open(vertx, dashboardDir, MeshService.DASHBOARD, "node-1")
                    .compose(AuditTrail::serve)
                    .await(10, TimeUnit.SECONDS);
            vertx.eventBus().<JsonObject>consumer(Addresses.UI_VIEW_AUDIT, m -> audit.add(m.body()));
            WebUiVerticle ui = start(vertx);
            JsonObject action = new JsonObject().put("target", "gateway").put("action", "pause");
            try (Page page = new Page(ui.port())) {
                page.send(new JsonObject()
                        .put("type", "send")
                        .put("address", "ui.control")
                        .put("replyAddress", "r-1")
                        .put("body", new JsonObject().put("action", action))
                        .put("headers", new JsonObject().put("x-request-id", "no-token")));
                assertThat(page.answer().getString("type")).isEqualTo("err");
                page.send(new JsonObject()
                        .put("type", "send")
                        .put("address", "ui.control")
                        .put("replyAddress", "r-2")
                        .put("body", new JsonObject().put("action", action).put("token", guess))
                        .put("headers", new JsonObject().put("x-request-id", "wrong-token")));
                assertThat(page.answer().getString("type")).isEqualTo("err");
                page.send(new JsonObject()
                        .put("type", "send")
                        .put("address", "ui.control")
                        .put("replyAddress", "r-3")
                        .put("body", new JsonObject().put("action", action).put("token", List.of(TOKEN))));
                assertThat(page.answer().getString("type"))
                        .as("a token that is not a string")
                        .isEqualTo("err");
                page.send(new JsonObject()
                        .put("type", "send")
                        .put("address", "ui.control")
                        .put("replyAddress", "r-4")
                        .put("body", new JsonObject().put("action", action).put("token", TOKEN))
                        .put("headers", new JsonObject().put("x-request-id", "with-token")));
                JsonObject applied = page.answer();
                assertThat(applied.getString("address")).isEqualTo("r-4");
                assertThat(applied.getJsonObject("body").getString("result")).isEqualTo("accepted");
            }
            assertThat(reachedDashboard).hasSize(1);
            assertThat(reachedDashboard.get(0).encode()).doesNotContain(TOKEN);
            assertThat(origins).singleElement().asString().startsWith("web-ui 127.0.0.1:");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> audit.size() >= 3);
            assertThat(audit)
                    .extracting(a -> a.getJsonObject("outcome").getString("result"))
                    .containsExactly("refused", "refused", "refused");
            JsonObject noToken = audit.stream()
                    .filter(a -> "no-token".equals(a.getJsonObject("source").getString("request_id")))
                    .findFirst()
                    .orElseThrow();
            assertThat(noToken.getString("service")).isEqualTo("dashboard");
            assertThat(noToken.getJsonObject("outcome").getString("reason")).isEqualTo("no operator token");
            assertThat(noToken.getJsonObject("action").getString("name")).isEqualTo("pause");
            assertThat(noToken.getJsonObject("action").getString("target")).isEqualTo("gateway");
            assertThat(noToken.getJsonObject("source").getString("origin")).startsWith("web-ui 127.0.0.1:");
            assertThat(audit.stream()
                            .filter(a -> "wrong-token"
                                    .equals(a.getJsonObject("source").getString("request_id")))
                            .findFirst()
                            .orElseThrow()
                            .getJsonObject("outcome")
                            .getString("reason"))
                    .isEqualTo("a wrong operator token");
            assertThat(Files.readString(dashboardDir.resolve(AuditTrail.FILE)))
                    .contains("no operator token")
                    .doesNotContain(TOKEN)
                    .doesNotContain(guess);
            assertThat(audit)
                    .allSatisfy(
                            a -> assertThat(a.encode()).doesNotContain(TOKEN).doesNotContain(guess));
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertThat(logged).as("log records").isNotEmpty();
        assertThat(logged).allSatisfy(r -> {
            String text = r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + r.getThrown();
            assertThat(text).doesNotContain(TOKEN).doesNotContain(guess);
        });
    }

    @Test
    @DisplayName(
            "a WebSocket message over the limit is dropped unbuffered, headers over the limit get 431; the server goes on")
    void sizeLimits(Vertx vertx) throws Exception {
        List<JsonObject> reachedDashboard = new CopyOnWriteArrayList<>();
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.DASHBOARD_CONTROL, m -> {
                    reachedDashboard.add(m.body());
                    MeshBus.reply(m, new JsonObject().put("result", "accepted").put("reason", "paused"));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
        WebUiVerticle ui = start(vertx);
        JsonObject action = new JsonObject().put("target", "gateway").put("action", "pause");
        try (Page page = new Page(ui.port())) {
            String huge = new JsonObject()
                    .put("type", "send")
                    .put("address", "ui.control")
                    .put("replyAddress", "r-huge")
                    .put(
                            "body",
                            new JsonObject()
                                    .put(
                                            "action",
                                            action.copy()
                                                    .put("pad", "x".repeat(InputLimits.MAX_WEBSOCKET_MESSAGE_BYTES)))
                                    .put("token", TOKEN))
                    .encode();
            page.socket.sendText(huge, true);
        }
        assertThat(rawStatus(
                        ui.port(),
                        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(InputLimits.MAX_HEADER_BYTES) + "\r\n\r\n"))
                .isEqualTo(431);
        try (Page fresh = new Page(ui.port())) {
            fresh.send(new JsonObject()
                    .put("type", "send")
                    .put("address", "ui.control")
                    .put("replyAddress", "r-ok")
                    .put("body", new JsonObject().put("action", action).put("token", TOKEN)));
            assertThat(fresh.answer().getString("address")).isEqualTo("r-ok");
        }
        assertThat(reachedDashboard).as("actions that reached the dashboard").hasSize(1);
        assertThat(reachedDashboard.get(0).containsKey("pad")).isFalse();
        assertThat(rawStatus(ui.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(200);
    }

    @Test
    @DisplayName("binds 127.0.0.1 by default and is not reachable on the host's other addresses")
    void loopbackByDefault(Vertx vertx) throws Exception {
        WebUiFlags flags = new WebUiFlags();
        new CommandLine(flags).parseArgs();
        assertThat(flags.host).isEqualTo("127.0.0.1");
        WebUiVerticle ui = start(vertx, new JsonObject().put("token", TOKEN));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    try (Socket probe = new Socket()) {
                        probe.connect(new InetSocketAddress(address, ui.port()), 2_000);
                        throw new AssertionError("the dashboard answered on " + address);
                    } catch (IOException refused) {
                        // Expected.
                    }
                }
            }
        }
        assertThat(rawStatus(ui.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(200);
    }

    static int rawStatus(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
