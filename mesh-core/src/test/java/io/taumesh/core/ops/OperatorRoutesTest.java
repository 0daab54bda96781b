package io.taumesh.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.node.MeshRuntime;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OperatorsFiles;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The supervisor's questions and commands on a node's ops endpoint")
@ExtendWith(NoBlockedThreads.class)
class OperatorRoutesTest {

    private static final String TOKEN = "a-token-for-this-test-only";
    private static final List<JsonObject> COMMANDS = new CopyOnWriteArrayList<>();
    private static final List<String> ORIGINS = new CopyOnWriteArrayList<>();
    private static final List<JsonObject> REFUSED = new CopyOnWriteArrayList<>();
    private static final String VERA = "vera-secret-0123456789abcdef";
    private static final String OTTO = "otto-secret-0123456789abcdef";
    private static final String ELLA = "ella-secret-0123456789abcdef";
    private static final Instant ELLA_UNTIL = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path dir;

    /** Stands in for the supervisor: answers its three addresses, and keeps the commands it was sent. */
    static final class FakeSupervisor extends VerticleBase {
        @Override
        public Future<?> start() {
            return Future.all(
                    vertx.eventBus()
                            .<JsonObject>consumer(
                                    Addresses.SUPERVISOR_STATE, m -> m.reply(new JsonObject().put("state", "probe")))
                            .completion(),
                    vertx.eventBus()
                            .<JsonObject>consumer(
                                    Addresses.SUPERVISOR_HEALTH,
                                    m -> m.reply(new JsonObject()
                                            .put("status", "ready")
                                            .put("request_id", m.headers().get("x-request-id"))))
                            .completion(),
                    vertx.eventBus()
                            .<JsonObject>consumer(Addresses.SUPERVISOR_COMMAND, m -> {
                                COMMANDS.add(m.body());
                                ORIGINS.add(m.headers().get(ActionOrigin.HEADER));
                                m.reply(new JsonObject().put("result", "accepted"));
                            })
                            .completion(),
                    vertx.eventBus()
                            .<JsonObject>consumer(Addresses.audit(MeshService.SUPERVISOR), m -> {
                                REFUSED.add(m.body().getJsonObject("refused"));
                                m.reply(new JsonObject());
                            })
                            .completion());
        }
    }

    private static MeshRuntime runtime;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path operators = OperatorsFiles.write(
                dir.resolve("operators.json"),
                OperatorsFiles.named("vera", "viewer", VERA),
                OperatorsFiles.named("otto", "operator", OTTO),
                OperatorsFiles.named("ella", "admin", ELLA).put("expires_at", ELLA_UNTIL.toString()));
        NodeSettings settings = new NodeSettings(
                ClusterSettings.loopback(TestClusters.uniqueName("operator")),
                "127.0.0.1",
                0,
                MeshNode.DEFAULT_EVENT_LOOPS,
                null,
                TOKEN,
                operators);
        runtime = MeshRuntime.start(settings, List.of(new ServiceUnit(MeshService.SUPERVISOR, FakeSupervisor::new)))
                .await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close().await(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(runtime.opsUrl() + path));
    }

    private static HttpRequest.Builder command(String body) {
        return at(OperatorRoutes.COMMAND)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    @DisplayName("state and health are asked over the event bus, with the caller's x-request-id and the ops token; "
            + "without the token they are refused, as every /mesh request is")
    void reads() throws Exception {
        assertThat(send(at(OperatorRoutes.STATE)).statusCode()).as("no token").isEqualTo(403);
        assertThat(send(at(OperatorRoutes.HEALTH).header("Authorization", "Bearer " + TOKEN.replace('a', 'b')))
                        .statusCode())
                .as("a wrong token")
                .isEqualTo(403);
        HttpResponse<String> state = send(at(OperatorRoutes.STATE).header("Authorization", "Bearer " + TOKEN));
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(state.body()).getString("state")).isEqualTo("probe");
        HttpResponse<String> health = send(at(OperatorRoutes.HEALTH)
                .header("x-request-id", "operator-probe-1")
                .header("Authorization", "Bearer " + TOKEN));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("request_id")).isEqualTo("operator-probe-1");
    }

    @Test
    @DisplayName(
            "a command without the ops token, or with another, is refused with 403 and never reaches the supervisor")
    void commandNeedsToken() throws Exception {
        int before = COMMANDS.size();
        String body = new JsonObject()
                .put("schema_version", 1)
                .put("command", "restart")
                .put("child_id", "x")
                .encode();
        HttpResponse<String> none = send(command(body));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(none.body()).getString("error")).contains("ops token");
        HttpResponse<String> wrong = send(command(body).header("Authorization", "Bearer " + TOKEN.replace('a', 'b')));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> notBearer = send(command(body).header("Authorization", TOKEN));
        assertThat(notBearer.statusCode()).isEqualTo(403);
        assertThat(COMMANDS).hasSize(before);
    }

    @Test
    @DisplayName("a command with the ops token is forwarded as sent, and the supervisor's answer comes back")
    void commandWithToken() throws Exception {
        JsonObject sent = new JsonObject()
                .put("schema_version", 1)
                .put("command", "restart")
                .put("child_id", "gateway");
        HttpResponse<String> answer = send(command(sent.encode()).header("Authorization", "Bearer " + TOKEN));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(answer.body()).getString("result")).isEqualTo("accepted");
        assertThat(COMMANDS).contains(sent);
    }

    @Test
    @DisplayName("a command body that is not a JSON object is a 400; one past the size limit a 413")
    void badBodies() throws Exception {
        HttpResponse<String> notJson = send(command("restart gateway").header("Authorization", "Bearer " + TOKEN));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notJson.body()).getString("error")).contains("JSON object");
        HttpResponse<String> array = send(command("[1,2]").header("Authorization", "Bearer " + TOKEN));
        assertThat(array.statusCode()).isEqualTo(400);
        String huge = new JsonObject()
                .put("command", "x".repeat(OperatorRoutes.MAX_COMMAND_BYTES))
                .encode();
        HttpResponse<String> tooBig = send(command(huge).header("Authorization", "Bearer " + TOKEN));
        assertThat(tooBig.statusCode()).isEqualTo(413);
    }

    @Test
    @DisplayName("named operators sign in with their secret as Bearer: any role reads, a command needs the role its "
            + "name needs, and an expired secret is told apart; what passes names its operator in the audit origin")
    void roles() throws Exception {
        assertThat(send(at(OperatorRoutes.STATE).header("Authorization", "Bearer " + VERA))
                        .statusCode())
                .as("a viewer reads")
                .isEqualTo(200);
        int before = COMMANDS.size();
        String restart = new JsonObject()
                .put("schema_version", 1)
                .put("command", "restart")
                .put("child_id", "gateway")
                .encode();
        String quarantine = new JsonObject()
                .put("schema_version", 1)
                .put("command", "quarantine")
                .put("child_id", "gateway")
                .encode();
        HttpResponse<String> viewer = send(command(restart).header("Authorization", "Bearer " + VERA));
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(viewer.body()).getString("error"))
                .isEqualTo("vera (viewer) may not restart_child: it needs the operator role");
        HttpResponse<String> operator = send(command(quarantine).header("Authorization", "Bearer " + OTTO));
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(operator.body()).getString("error"))
                .isEqualTo("otto (operator) may not quarantine_child: it needs the admin role");
        HttpResponse<String> expired = send(at(OperatorRoutes.HEALTH).header("Authorization", "Bearer " + ELLA));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(expired.body()).getString("error"))
                .contains("ella's secret expired at " + ELLA_UNTIL)
                .contains("--operator-add");
        assertThat(COMMANDS).as("nothing refused reached the supervisor").hasSize(before);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> REFUSED.stream()
                        .anyMatch(
                                r -> r.getString("reason", "").startsWith("otto (operator) may not quarantine_child")));
        JsonObject refusedQuarantine = REFUSED.stream()
                .filter(r -> r.getString("reason", "").startsWith("otto"))
                .findFirst()
                .orElseThrow();
        assertThat(refusedQuarantine.getJsonObject("action").getString("name"))
                .as("audited as the supervisor audits the commands it answers")
                .isEqualTo("quarantine");
        assertThat(refusedQuarantine.getJsonObject("action").getString("target"))
                .isEqualTo("gateway");
        assertThat(refusedQuarantine.getJsonObject("source").getString("origin"))
                .matches("ops 127\\.0\\.0\\.1:\\d+ as otto");

        assertThat(send(command(restart).header("Authorization", "Bearer " + OTTO))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(command(quarantine).header("Authorization", "Bearer " + TOKEN))
                        .statusCode())
                .as("the ops token is the owner's, an admin")
                .isEqualTo(200);
        assertThat(COMMANDS).hasSize(before + 2);
        assertThat(ORIGINS.get(ORIGINS.size() - 2)).matches("ops 127\\.0\\.0\\.1:\\d+ as otto");
        assertThat(ORIGINS.get(ORIGINS.size() - 1)).matches("ops 127\\.0\\.0\\.1:\\d+ as owner");
    }
}
