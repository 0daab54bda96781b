package io.taumesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.security.InputLimits;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Who may make the gateway read or take what: replays confined to the fixtures dir, and size limits at the ingress. */
@DisplayName("Gateway access control")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class GatewayAccessTest {

    @TempDir
    Path stateDir;

    @TempDir
    Path work;

    private Path fixtures;
    private Path outside;
    private GatewayVerticle verticle;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        fixtures = Files.createDirectories(work.resolve("fixtures"));
        Files.copy(GatewayTesting.fixture("healthy.json"), fixtures.resolve("healthy.json"));
        outside = Files.createDirectories(work.resolve("elsewhere")).resolve("secret.json");
        Files.copy(GatewayTesting.fixture("healthy.json"), outside);
        Files.createSymbolicLink(fixtures.resolve("link.json"), outside);
        Files.createSymbolicLink(fixtures.resolve("dir-link"), outside.getParent());
        GatewaySettings s = GatewayTesting.settings(stateDir, 4);
        GatewaySettings settings =
                new GatewaySettings(s.runner().withFixturesDir(fixtures), s.guardrails(), s.httpHost(), s.httpPort());
        verticle = new GatewayVerticle();
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(settings.toConfig()))
                .await(30, TimeUnit.SECONDS);
    }

    private static JsonObject replay(Vertx vertx, Object fixture) throws Exception {
        JsonObject body = new JsonObject().put("action", "replay_fixture");
        if (fixture != null) {
            body.put("fixture", fixture);
        }
        return vertx.eventBus()
                .<JsonObject>request(Addresses.GATEWAY_CONTROL, body, new DeliveryOptions().setSendTimeout(10_000))
                .await(15, TimeUnit.SECONDS)
                .body();
    }

    @Test
    @DisplayName("replay_fixture reads a file of the fixtures dir, by a relative or an absolute path")
    void replayInside(Vertx vertx) throws Exception {
        assertThat(replay(vertx, "healthy.json").getString("result")).isEqualTo("accepted");
        assertThat(replay(vertx, fixtures.resolve("healthy.json").toString()).getString("result"))
                .isEqualTo("accepted");
        assertThat(replay(vertx, "./sub/../healthy.json").getString("result")).isEqualTo("accepted");
    }

    @Test
    @DisplayName("replay_fixture refuses, naming the fixture field, every path that leads out of the fixtures dir")
    void replayOutsideRefused(Vertx vertx) throws Exception {
        List<Object> hostile = List.of(
                "../elsewhere/secret.json",
                outside.toString(),
                "/etc/passwd",
                "link.json",
                "dir-link/secret.json",
                "healthy.json/../../elsewhere/secret.json",
                "missing.json",
                "",
                "   ",
                ".",
                "with\u0000nul.json",
                42,
                new JsonObject().put("path", "healthy.json"));
        for (Object given : hostile) {
            JsonObject answer = replay(vertx, given);
            assertThat(answer.getString("result")).as("replay of %s", given).isEqualTo("rejected");
            assertThat(answer.getString("reason")).as("replay of %s", given).startsWith("fixture: ");
        }
        JsonObject missing = replay(vertx, null);
        assertThat(missing.getString("reason")).startsWith("fixture: is required");
        // Nothing was queued from any of them.
        JsonObject status = vertx.eventBus()
                .<JsonObject>request(Addresses.GATEWAY_STATUS, new JsonObject())
                .await(15, TimeUnit.SECONDS)
                .body()
                .getJsonObject("detail");
        assertThat(status.getInteger("queue_depth")).isZero();
    }

    @Test
    @DisplayName("the HTTP ingress refuses a body, headers or a request line over the limits, and goes on serving")
    void sizeLimits() throws Exception {
        int port = verticle.ingressPort();
        String big = "{\"kind\":\"message\",\"text\":\"" + "x".repeat(InputLimits.MAX_BODY_BYTES) + "\"}";
        assertThat(status(
                        port,
                        "POST /v1/actors/alice/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + big.length() + "\r\n\r\n" + big))
                .isEqualTo(413);
        assertThat(status(
                        port,
                        "GET /v1/actors/alice HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(InputLimits.MAX_HEADER_BYTES)
                                + "\r\n\r\n"))
                .isEqualTo(431);
        assertThat(status(
                        port,
                        "GET /v1/actors/" + "a".repeat(InputLimits.MAX_INITIAL_LINE_BYTES)
                                + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isEqualTo(414);
        String ok = "{\"kind\":\"ping\"}";
        assertThat(status(
                        port,
                        "POST /v1/actors/alice/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + ok.length() + "\r\n\r\n" + ok))
                .isEqualTo(200);
    }

    /** Sends a raw request and reads the status of the answer (or of the refusal). */
    static int status(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before it has read all of an oversized request.
            }
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
