package io.taumesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.fixture.FixtureException;
import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.taumesh.core.testing.MalformedCorpus;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's malformed-input corpora: fixture files, HTTP requests and control actions. */
@DisplayName("Malformed gateway input")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class MalformedGatewayInputTest {

    static final RuntimeProfile PROFILE = new RuntimeProfile(
            GatewayRuntime.RUNTIME,
            "actor_id",
            new GatewayCaseProcessor(new ActorIngress()),
            GatewayGuardrails.DEFAULT);

    static List<MalformedCorpus.Case> fixtures() {
        return MalformedCorpus.cases("gateway-fixture");
    }

    static List<MalformedCorpus.Case> requests() {
        return MalformedCorpus.cases("http-ingress");
    }

    static List<MalformedCorpus.Case> actions() {
        return MalformedCorpus.cases("control-action");
    }

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    @DisplayName("a malformed fixture is refused whole, or its case rejected, naming the field")
    void fixture(MalformedCorpus.Case c) throws Exception {
        FixtureLoader loader = new FixtureLoader(PROFILE.fixtureFormat());
        if (c.field().equals("-duplicate-")) {
            LoadedFixture loaded = loader.load(c.file());
            assertThat(loaded.entries()).hasSize(2).allMatch(e -> e instanceof FixtureEntry.Valid);
            return; // the runner skips the second as a duplicate (GatewayContractTest runs it)
        }
        FieldError error;
        try {
            LoadedFixture loaded = loader.load(c.file());
            FixtureEntry first = loaded.entries().get(0);
            assertThat(first).as("the case is rejected").isInstanceOf(FixtureEntry.Malformed.class);
            error = ((FixtureEntry.Malformed) first).problem();
        } catch (FixtureException e) {
            assertThat(e.getCause())
                    .as("the refusal names a field: %s", e.getMessage())
                    .isInstanceOf(FieldError.class);
            error = (FieldError) e.getCause();
        }
        assertThat(error.field()).as("%s: %s", c, error.getMessage()).isEqualTo(c.field());
        assertThat(error.reason())
                .isNotBlank()
                .hasSizeLessThan(400); // a message for a person, not the input echoed back
    }

    /** One gateway, fed every malformed request and action, then checked to still serve a good one. */
    @Nested
    @DisplayName("on a live gateway")
    @ExtendWith({VertxExtension.class, NoBlockedThreads.class})
    class Live {

        private GatewayVerticle start(Vertx vertx) throws Exception {
            GatewayVerticle verticle = new GatewayVerticle();
            vertx.deployVerticle(
                            verticle,
                            new DeploymentOptions()
                                    .setConfig(
                                            GatewayTesting.settings(stateDir, 4).toConfig()))
                    .await(30, TimeUnit.SECONDS);
            return verticle;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.taumesh.gateway.MalformedGatewayInputTest#requests")
        @DisplayName(
                "a malformed HTTP request gets its status and the field named, and the next good request is answered")
        void request(MalformedCorpus.Case c, Vertx vertx) throws Exception {
            GatewayVerticle gateway = start(vertx);
            JsonObject d = new JsonObject(Buffer.buffer(c.bytes()));
            Answer answer = send(gateway.ingressPort(), d);
            assertThat(answer.status()).as("%s: %s", c, answer.body()).isEqualTo(d.getInteger("status"));
            if (!c.field().equals("-")) {
                assertThat(new JsonObject(answer.body()).getString("field"))
                        .as("%s", c)
                        .isEqualTo(c.field());
            }
            Answer good = send(
                    gateway.ingressPort(),
                    new JsonObject()
                            .put("method", "POST")
                            .put("path", "/v1/actors/alice/requests")
                            .put("body", "{\"kind\":\"message\",\"text\":\"still here\"}"));
            assertThat(good.status()).isEqualTo(202);
            assertThat(new JsonObject(good.body()).getInteger("seq")).isEqualTo(expectedSeq(c));
        }

        /** Refused requests of a valid actor are numbered and recorded too; the good one comes after them. */
        private int expectedSeq(MalformedCorpus.Case c) {
            JsonObject d = new JsonObject(Buffer.buffer(c.bytes()));
            boolean numbered = d.getString("path").equals("/v1/actors/alice/requests") && d.getInteger("status") == 400;
            return numbered ? 2 : 1;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.taumesh.gateway.MalformedGatewayInputTest#actions")
        @DisplayName("a malformed control action is rejected naming the field, and the next good one is applied")
        void action(MalformedCorpus.Case c, Vertx vertx) throws Exception {
            start(vertx);
            Object body = c.field().equals("$")
                    ? new String(c.bytes(), StandardCharsets.UTF_8).trim()
                    : new JsonObject(Buffer.buffer(c.bytes()));
            JsonObject answer = vertx.eventBus()
                    .<JsonObject>request(Addresses.GATEWAY_CONTROL, body, new DeliveryOptions().setSendTimeout(10_000))
                    .await(15, TimeUnit.SECONDS)
                    .body();
            assertThat(answer.getString("result")).as("%s: %s", c, answer).isEqualTo("rejected");
            assertThat(answer.getString("reason")).as("%s", c).startsWith(c.field() + ": ");
            JsonObject good = vertx.eventBus()
                    .<JsonObject>request(
                            Addresses.GATEWAY_CONTROL,
                            new JsonObject().put("action", "pause"),
                            new DeliveryOptions().setSendTimeout(10_000))
                    .await(15, TimeUnit.SECONDS)
                    .body();
            assertThat(good.getString("result")).isEqualTo("accepted");
        }
    }

    record Answer(int status, String body) {}

    /** A raw HTTP/1.1 request from a descriptor (method, path, headers, body or generated sizes); its status and body. */
    static Answer send(int port, JsonObject d) throws IOException {
        String body = d.getString("body", "");
        if (d.containsKey("text_chars")) {
            body = new JsonObject()
                    .put("kind", "message")
                    .put("text", "t".repeat(d.getInteger("text_chars")))
                    .encode();
        }
        if (d.containsKey("body_bytes")) {
            body = "{\"kind\":\"message\",\"text\":\"" + "b".repeat(d.getInteger("body_bytes")) + "\"}";
        }
        StringBuilder head = new StringBuilder(d.getString("method") + " " + d.getString("path")
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Connection: close\r\nContent-Type: application/json\r\n");
        if (d.containsKey("header_bytes")) {
            head.append("X-Pad: ")
                    .append("h".repeat(d.getInteger("header_bytes")))
                    .append("\r\n");
        }
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        if (!d.getString("method").equals("GET")) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(payload);
                out.flush();
            } catch (IOException refusedEarly) {
                // An oversized request may be answered and closed before it is all sent.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException reset) {
                // Closed with data unread on our side: what arrived is the answer.
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String statusLine = text.substring(0, text.indexOf("\r\n"));
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), end < 0 ? "" : text.substring(end + 4));
        }
    }
}
