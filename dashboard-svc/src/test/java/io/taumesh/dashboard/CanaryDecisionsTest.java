package io.taumesh.dashboard;

import static io.taumesh.dashboard.DashboardTesting.fixture;
import static io.taumesh.dashboard.DashboardTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator's canary decisions: sign-off, hold, abort and resume, kept, applied once, and part of the evaluation. */
@DisplayName("Canary decisions")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class CanaryDecisionsTest {

    static final CanaryStanding SIGNED = new CanaryStanding(
            decision(CanaryDecision.Kind.SIGNOFF, "checklist RC-12 complete", 0, "k-signed"), null, null);

    @TempDir
    Path stateDir;

    @Test
    @DisplayName(
            "a day of healthy cycles reaches general availability only once signed off; a hold or an abort stops every phase until resumed")
    void decisionsInTheEvaluation() {
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long minute = 60_000;
        CanaryTracker day = new CanaryTracker();
        for (int m = 0; m <= 25 * 60; m += 30) {
            day.accept(DashboardRuntimeTest.report(
                    "dashboard",
                    m / 30 + 1,
                    t0 + m * minute,
                    "healthy",
                    "pass",
                    0,
                    List.of("healthy_cycle", "widget_views_updated", "control_actions_applied")));
        }
        long asOf = t0 + 25 * 60 * minute;
        CanaryTracker.Evaluation unsigned = day.evaluate(asOf, CanaryStanding.NONE);
        assertThat(unsigned.promotableTo()).isEqualTo("canary-3");
        assertThat(unsigned.nextPhaseBlockedBy())
                .containsExactly("release sign-off checklist not recorded (an operator records it: canary_signoff)");
        assertThat(day.evaluate(asOf, SIGNED).promotableTo()).isEqualTo("general-availability");

        CanaryDecision hold = decision(CanaryDecision.Kind.HOLD, "waiting for the partner's load test", 40, "k-h");
        CanaryTracker.Evaluation held = day.evaluate(asOf, new CanaryStanding(SIGNED.signoff(), hold, hold));
        assertThat(held.promotableTo()).isNull();
        assertThat(held.phases())
                .allSatisfy(p -> assertThat(p.blockedBy().get(0))
                        .startsWith("promotion held by the operator at ")
                        .endsWith("waiting for the partner's load test (canary_resume lifts it)"));
        CanaryDecision abort = decision(CanaryDecision.Kind.ABORT, "error budget burnt", 41, "k-a");
        assertThat(day.evaluate(asOf, new CanaryStanding(null, abort, abort))
                        .nextPhaseBlockedBy()
                        .get(0))
                .contains("canary aborted by the operator")
                .contains("rollback plan");
    }

    @Test
    @DisplayName(
            "decisions are kept in canary-decisions.jsonl, one per key, applied from the cycle after the one before them; a torn line is left out")
    void kept() throws Exception {
        CanaryDecisions decisions = CanaryDecisions.load(stateDir);
        decisions.committed(7);
        decisions.decide(CanaryDecision.Kind.HOLD, "hold for the load test", "req-1", "k-1");
        decisions.decide(CanaryDecision.Kind.HOLD, "hold for the load test", "req-2", "k-1");
        decisions.committed(9);
        decisions.decide(CanaryDecision.Kind.RESUME, "load test passed", "req-3", "k-2");
        decisions.decide(CanaryDecision.Kind.SIGNOFF, "checklist done", "req-4", "k-3");
        Files.writeString(
                stateDir.resolve(CanaryDecisions.FILE),
                "{\"schema_version\":1,\"decision\":\"ab",
                StandardOpenOption.APPEND);

        CanaryDecisions again = CanaryDecisions.load(stateDir);
        assertThat(again.all()).extracting(d -> d.decision().wire()).containsExactly("hold", "resume", "signoff");
        assertThat(again.all()).extracting(CanaryDecision::afterCycleId).containsExactly(7L, 9L, 9L);
        assertThat(again.before(7).latest()).isNull();
        assertThat(again.before(8).stop().reason()).isEqualTo("hold for the load test");
        assertThat(again.before(10).stop()).isNull();
        assertThat(again.before(10).signoff().reason()).isEqualTo("checklist done");
        assertThat(again.now().describe()).startsWith("release signed off at ").endsWith("no hold or abort in force");
    }

    @Test
    @DisplayName(
            "canary_hold through tau.dashboard.control is kept, applied once, shown in the canary view, and still stands after a restart")
    void holdThroughControl(Vertx vertx) throws Exception {
        List<JsonObject> canaryViews = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.DASHBOARD_WIDGETS, m -> {
            if ("dashboard.canary".equals(m.body().getString("id"))) {
                canaryViews.add(m.body());
            }
        });
        String first = deploy(vertx);
        JsonObject noReason = control(vertx, new JsonObject().put("action", "canary_hold"));
        assertThat(noReason.getString("result")).isEqualTo("rejected");
        assertThat(noReason.getString("reason")).startsWith("reason: is required: 1-500 characters");

        JsonObject hold = new JsonObject()
                .put("action", "canary_hold")
                .put("reason", "waiting for the partner's load test")
                .put("idempotency_key", "hold-1");
        assertThat(control(vertx, hold).getString("result")).isEqualTo("accepted");
        JsonObject retried = control(vertx, hold);
        assertThat(retried.getBoolean("duplicate")).isTrue();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> !canaryViews.isEmpty()
                        && "hold"
                                .equals(canaryViews
                                        .get(canaryViews.size() - 1)
                                        .getJsonObject("data")
                                        .getString("stopped")));
        List<String> lines = Files.readAllLines(stateDir.resolve(CanaryDecisions.FILE), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(new JsonObject(lines.get(0)).getString("reason")).isEqualTo("waiting for the partner's load test");
        vertx.undeploy(first).await(30, TimeUnit.SECONDS);

        deploy(vertx);
        JsonObject canary = control(vertx, null, Addresses.DASHBOARD_VIEWS).getJsonArray("views").stream()
                .map(JsonObject.class::cast)
                .filter(v -> v.getString("id").equals("dashboard.canary"))
                .findFirst()
                .orElseThrow();
        assertThat(canary.getJsonObject("data").getString("stopped")).isEqualTo("hold");
        assertThat(canary.getJsonObject("data").getString("promotable_to")).isNull();
        assertThat(new DashboardInspection(stateDir)
                        .canary(System.currentTimeMillis())
                        .operator()
                        .describe())
                .contains("promotion held by the operator");
    }

    private String deploy(Vertx vertx) throws Exception {
        return vertx.deployVerticle(
                        new DashboardVerticle(3_600_000),
                        new DeploymentOptions()
                                .setConfig(DashboardVerticle.SERVICE.toConfig(
                                        settings(stateDir, 3, fixture("healthy.json")))))
                .await(30, TimeUnit.SECONDS);
    }

    private static JsonObject control(Vertx vertx, JsonObject body) throws Exception {
        return control(vertx, body, Addresses.DASHBOARD_CONTROL);
    }

    private static JsonObject control(Vertx vertx, JsonObject body, String address) throws Exception {
        return vertx.eventBus()
                .<JsonObject>request(
                        address, body == null ? new JsonObject() : body, new DeliveryOptions().setSendTimeout(15_000))
                .await(20, TimeUnit.SECONDS)
                .body();
    }

    static CanaryDecision decision(CanaryDecision.Kind kind, String reason, long afterCycle, String key) {
        return new CanaryDecision(
                MeshMessage.SCHEMA_VERSION, kind, reason, "2026-01-01T00:00:00Z", afterCycle, "req-" + key, key);
    }
}
