package io.taumesh.gateway;

import static io.taumesh.gateway.GatewayTesting.fixture;
import static io.taumesh.gateway.GatewayTesting.run;
import static io.taumesh.gateway.GatewayTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.runner.control.RunnerInspector;
import io.taumesh.core.runner.storage.JsonLines;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** gateway_runtime: state on disk, restarts, crash repair, guardrail thresholds, and the live service. */
@DisplayName("Gateway runtime")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class GatewayRuntimeTest {

    @TempDir
    Path stateDir;

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a restart continues from the stored state: queued cases run once, nothing is counted twice")
    void restartContinues(Vertx vertx) throws Exception {
        GatewaySettings settings = settings(stateDir, 4, fixture("backpressure.json"));
        GatewayTesting.Run first = run(vertx, settings, 1);
        assertThat(first.runtime().runner().state().queue().queueDepth()).isEqualTo(6);
        assertThat(first.runtime().runner().state().cycleCount()).isEqualTo(1);

        GatewayTesting.Run second = run(vertx, settings, 100);
        RunnerState state = second.runtime().runner().state();
        assertThat(second.cycles()).extracting(CycleReport::cycleId).containsExactly(2L, 3L);
        assertThat(state.tallies().counters().cycles()).isEqualTo(3);
        assertThat(state.tallies().counters().casesProcessed()).isEqualTo(10);
        assertThat(state.tallies().counters().duplicatesSkipped()).isZero();
        assertThat(lines(stateDir.resolve("channel-store/gateway/alice/outputs.jsonl")))
                .hasSize(5);
        assertThat(lines(stateDir.resolve("channel-store/gateway/bob/outputs.jsonl")))
                .hasSize(5);
        assertThat(lines(stateDir.resolve("runtime-events.jsonl"))).hasSize(3);

        // A third run of the same fixture finds nothing left to do.
        GatewayTesting.Run third = run(vertx, settings, 100);
        assertThat(third.cycles()).isEmpty();
        assertThat(third.runtime().runner().state().cycleCount()).isEqualTo(3);

        // Numbering in an actor's channel continues across restarts.
        List<String> alice = lines(stateDir.resolve("channel-store/gateway/alice/outputs.jsonl"));
        assertThat(alice.get(4)).contains("\"seq\":5");
    }

    @Test
    @DisplayName(
            "one owner per state dir: a second gateway on the same dir is refused naming the dir and the pid, and the dir is free once the first stops")
    void oneOwnerPerStateDir(Vertx vertx) throws Exception {
        GatewaySettings settings = settings(stateDir, 4, fixture("healthy.json"));
        String first = vertx.deployVerticle(
                        new GatewayVerticle(), new DeploymentOptions().setConfig(settings.toConfig()))
                .await(30, TimeUnit.SECONDS);

        // In the same process, through the runtime and through a second verticle on another Vert.x (another node).
        Vertx other = Vertx.vertx();
        try {
            assertThatThrownBy(() -> run(other, settings, 10))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("state dir " + stateDir)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid() + " (gateway runner");
            assertThatThrownBy(() -> other.deployVerticle(
                                    new GatewayVerticle(), new DeploymentOptions().setConfig(settings.toConfig()))
                            .await(30, TimeUnit.SECONDS))
                    .hasMessageContaining("state dir " + stateDir)
                    .hasMessageContaining("is in use by pid");

            vertx.undeploy(first).await(30, TimeUnit.SECONDS);
            assertThat(run(other, settings, 10).runtime().runner().state().cycleCount())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            other.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a torn last line in runtime-events.jsonl is skipped and reported, then cut off by the next cycle")
    void tornEventLine(Vertx vertx) throws Exception {
        run(vertx, settings(stateDir, 64, fixture("healthy.json")), 10);
        Path events = stateDir.resolve("runtime-events.jsonl");
        Files.writeString(
                events,
                "{\"schema_version\":1,\"runtime\":\"gateway\",\"cycle_id\":2,\"reas",
                StandardOpenOption.APPEND);

        RunnerStatus status = new RunnerInspector(stateDir, "gateway").status();
        assertThat(status.history().events().tornLastLine()).isTrue();
        assertThat(status.history().events().cycles()).isEqualTo(1);
        assertThat(status.standing().health().state().wire()).isEqualTo("healthy");

        GatewayTesting.Run next = run(vertx, settings(stateDir, 64, fixture("duplicates.json")), 10);
        assertThat(next.cycles()).extracting(CycleReport::cycleId).containsExactly(2L);
        JsonLines.Read read = JsonLines.read(events);
        assertThat(read.tornTail()).isFalse();
        assertThat(read.invalidLines()).isEmpty();
        assertThat(read.objects()).extracting(o -> o.getLong("cycle_id")).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName(
            "after a crash before the commit, the uncommitted cycle's outputs are cut off and its cases run again, once")
    void uncommittedOutputsIgnored(Vertx vertx) throws Exception {
        Path alice = stateDir.resolve("channel-store/gateway/alice/outputs.jsonl");
        JsonLines.append(
                alice,
                List.of(new JsonObject()
                        .put("schema_version", 1)
                        .put("case_id", "healthy-001")
                        .put("channel_id", "alice")
                        .put("cycle_id", 1)
                        .put("outcome", "succeeded")
                        .encode()));
        GatewayTesting.Run run = run(vertx, settings(stateDir, 64, fixture("healthy.json")), 10);
        assertThat(run.cycles().get(0).results().counts().duplicates()).isZero();
        assertThat(run.cycles().get(0).results().counts().processed()).isEqualTo(8);
        // The line of the cycle that never committed was cut off: the case is in the channel once.
        assertThat(lines(alice).stream().filter(l -> l.contains("\"healthy-001\"")))
                .hasSize(1);
    }

    @Test
    @DisplayName(
            "after a crash between state.json and the event line, the missing event line is restored from the state")
    void missingEventLineRestored(Vertx vertx) throws Exception {
        run(vertx, settings(stateDir, 4, fixture("healthy.json")), 10);
        Path events = stateDir.resolve("runtime-events.jsonl");
        List<String> both = lines(events);
        Files.writeString(events, both.get(0) + "\n");
        run(vertx, settings(stateDir, 4, fixture("healthy.json")), 10);
        assertThat(lines(events)).containsExactlyElementsOf(both);
    }

    @Test
    @DisplayName("guardrail thresholds are configurable: higher thresholds let the same signals pass")
    void thresholdsConfigurable(Vertx vertx, @TempDir Path other) throws Exception {
        GatewaySettings streak = GatewayTesting.withGuardrails(
                settings(stateDir, 2, fixture("failure-streak.json")), new GatewayGuardrails(4, 2));
        RunnerState relaxed = run(vertx, streak, 10).runtime().runner().state();
        assertThat(relaxed.standing().failureStreak()).isEqualTo(3);
        assertThat(relaxed.standing().health().state().wire()).isEqualTo("failing");
        assertThat(relaxed.standing().rollout().gate().wire()).isEqualTo("pass");

        GatewaySettings retryable = GatewayTesting.withGuardrails(
                settings(other, 64, fixture("retryable-failures.json")), new GatewayGuardrails(2, 3));
        RunnerState lenient = run(vertx, retryable, 10).runtime().runner().state();
        assertThat(lenient.latest().recent().lastRetryableFailures()).isEqualTo(2);
        assertThat(lenient.standing().rollout().gate().wire()).isEqualTo("pass");
        assertThat(lenient.standing().rolloutPolicy()).containsEntry("retryable_failures_threshold", 3);
    }

    @Test
    @DisplayName(
            "the service runs cycles, publishes events, answers status and control, and takes HTTP requests through the same ingress")
    void liveService(Vertx vertx) throws Exception {
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.GATEWAY_EVENTS, msg -> published.add(msg.body()));
        GatewayVerticle verticle = new GatewayVerticle();
        GatewaySettings settings = settings(stateDir, 4, fixture("healthy.json"));
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(settings.toConfig()))
                .await(30, TimeUnit.SECONDS);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> published.size() >= 2);
        assertThat(published).extracting(e -> e.getLong("cycle_id")).containsExactly(1L, 2L);

        JsonObject status = request(vertx, Addresses.GATEWAY_STATUS, new JsonObject());
        JsonObject detail = status.getJsonObject("detail");
        assertThat(detail.getString("rollout_gate")).isEqualTo("pass");
        assertThat(detail.getString("health_state")).isEqualTo("healthy");
        assertThat(detail.getLong("cycle_count")).isEqualTo(2L);

        assertThat(control(vertx, "pause", "k-1")).containsEntry("result", "accepted");
        JsonObject again = request(
                vertx,
                Addresses.GATEWAY_CONTROL,
                new JsonObject().put("action", "pause").put("idempotency_key", "k-1"));
        assertThat(again.getString("result")).isEqualTo("accepted");
        assertThat(again.getBoolean("duplicate")).isTrue();
        assertThat(control(vertx, "pause", "k-2"))
                .containsEntry("result", "rejected")
                .containsEntry("reason", "already paused");
        assertThat(control(vertx, "run_cycle", null))
                .containsEntry("result", "rejected")
                .containsEntry("reason", "the gateway runner is paused");
        assertThat(control(vertx, "resume", null)).containsEntry("result", "accepted");
        assertThat(control(vertx, "reset_streak", null)).containsEntry("result", "accepted");
        assertThat(control(vertx, "run_cycle", null))
                .containsEntry("result", "accepted")
                .containsEntry("reason", "nothing queued: no cycle recorded");
        JsonObject badLimit = request(
                vertx,
                Addresses.GATEWAY_CONTROL,
                new JsonObject().put("action", "set_queue_limit").put("queue_limit", 0));
        assertThat(badLimit.getString("reason")).startsWith("queue_limit: must be an integer");
        assertThat(control(vertx, "explode", null).get("reason").toString()).startsWith("action: unknown \"explode\"");
        JsonObject replay = request(
                vertx,
                Addresses.GATEWAY_CONTROL,
                new JsonObject()
                        .put("action", "replay_fixture")
                        .put("fixture", fixture("healthy.json").toString()));
        assertThat(replay.getString("result")).isEqualTo("accepted");
        assertThat(control(vertx, "run_cycle", null)).containsEntry("result", "accepted");
        JsonObject afterReplay =
                request(vertx, Addresses.GATEWAY_STATUS, new JsonObject()).getJsonObject("detail");
        assertThat(afterReplay.getJsonArray("last_cycle_reason_codes").getList())
                .contains("duplicate_cases_skipped");

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + verticle.ingressPort() + "/v1/actors/";
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(URI.create(base + "alice/requests"))
                        .header("x-request-id", "http-req-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"message\",\"text\":\"hi\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("x-request-id")).contains("http-req-1");
        JsonObject body = new JsonObject(accepted.body());
        assertThat(body.getInteger("seq")).isEqualTo(4); // alice had three requests from the fixture
        assertThat(body.getString("request_id")).isEqualTo("http-req-1");

        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(URI.create(base + "alice/requests"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"message\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("field")).isEqualTo("text");
        HttpResponse<String> badActor = http.send(
                HttpRequest.newBuilder(URI.create(base + "..%2F/requests"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badActor.statusCode()).isIn(400, 404);

        List<String> aliceOutputs = lines(stateDir.resolve("channel-store/gateway/alice/outputs.jsonl"));
        assertThat(aliceOutputs).hasSize(5);
        assertThat(aliceOutputs.get(3)).contains("\"source\":\"http\"").contains("\"request_id\":\"http-req-1\"");
        HttpResponse<String> actor = http.send(
                HttpRequest.newBuilder(URI.create(base + "alice")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(actor.body()).getInteger("records")).isEqualTo(5);
    }

    @Test
    @DisplayName(
            "the service's metrics follow its cycles, gate and control answers, labelled by the contract's vocabulary, never by an actor")
    void metrics(Vertx vertx) throws Exception {
        GatewaySettings settings = settings(stateDir, 2, fixture("failure-streak.json"));
        GatewayVerticle verticle = new GatewayVerticle();
        String deployment = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(settings.toConfig()))
                .await(30, TimeUnit.SECONDS);
        MeterRegistry registry = MeshMetrics.of(vertx);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> counter(registry, "tau_runner_cycles") >= 3);
        // The gauges read a snapshot that the runner refreshes after each cycle.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, "tau_runner_failure_streak") == 3);
        assertThat(gauge(registry, "tau_runner_rollout_gate", "gate", "hold")).isEqualTo(1);
        assertThat(gauge(registry, "tau_runner_rollout_gate", "gate", "pass")).isZero();
        assertThat(gauge(registry, "tau_runner_health_state", "state", "failing"))
                .isEqualTo(1);
        assertThat(counter(registry, "tau_runner_cases", "outcome", "failed")).isEqualTo(3);
        assertThat(counter(registry, "tau_runner_cases", "outcome", "succeeded"))
                .isEqualTo(3);
        assertThat(counter(registry, "tau_runner_cycle_reason_codes", "reason_code", "case_processing_failed"))
                .isEqualTo(3);
        assertThat(registry.get("tau_runner_cycle_duration")
                        .tag("runtime", "gateway")
                        .timer()
                        .count())
                .isEqualTo(3);

        control(vertx, "pause", null);
        control(vertx, "pause", null);
        control(vertx, "self_destruct", null);
        assertThat(counter(registry, "tau_runner_control_actions", "action", "pause", "result", "accepted"))
                .isEqualTo(1);
        assertThat(counter(registry, "tau_runner_control_actions", "action", "pause", "result", "rejected"))
                .isEqualTo(1);
        assertThat(counter(registry, "tau_runner_control_actions", "action", "unknown", "result", "rejected"))
                .isEqualTo(1);

        HttpClient http = HttpClient.newHttpClient();
        http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + verticle.ingressPort() + "/v1/actors/alice/requests"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"ping\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> registry.get("tau_http_server_responses")
                                .tags("server", "gateway_ingress", "status_class", "2xx")
                                .counter()
                                .count()
                        == 1);

        assertThat(registry.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getTags())
                        .noneMatch(tag -> tag.getValue().matches("alice|bob|carol|streak-.*|self_destruct")));

        // Stopped, its gauges go (a restarted gateway registers its own); its counters stay.
        vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
        assertThat(registry.find("tau_runner_failure_streak").gauges()).isEmpty();
        assertThat(counter(registry, "tau_runner_cycles")).isEqualTo(3);
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tag("runtime", "gateway").tags(tags).counter().count();
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tag("runtime", "gateway").tags(tags).gauge().value();
    }

    private static Map<String, Object> control(Vertx vertx, String action, String key) throws Exception {
        JsonObject body = new JsonObject().put("action", action);
        if (key != null) {
            body.put("idempotency_key", key);
        }
        return request(vertx, Addresses.GATEWAY_CONTROL, body).getMap();
    }

    private static JsonObject request(Vertx vertx, String address, JsonObject body) throws Exception {
        return vertx.eventBus()
                .<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(10_000))
                .await(15, TimeUnit.SECONDS)
                .body();
    }
}
