package io.taumesh.dashboard;

import static io.taumesh.dashboard.DashboardTesting.fixture;
import static io.taumesh.dashboard.DashboardTesting.run;
import static io.taumesh.dashboard.DashboardTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.CycleTiming;
import io.taumesh.core.runner.wire.CycleTrace;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** dashboard_runtime: projection and reprojection, the gate, live control, and the canary evaluation. */
@DisplayName("Dashboard runtime")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class DashboardRuntimeTest {

    @TempDir
    Path stateDir;

    @Test
    @DisplayName(
            "a history longer than the logs keep: a restart continues from the saved projection, and a reprojection still matches")
    void historyBeyondRetention(Vertx vertx) throws Exception {
        JsonArray cases = new JsonArray();
        for (int i = 0; i < 90; i++) {
            cases.add(new JsonObject()
                    .put("case_id", "w-" + i)
                    .put("channel_id", "ch-" + (i % 3))
                    .put(
                            "widget",
                            new JsonObject()
                                    .put("id", "g" + (i % 5))
                                    .put("kind", "gauge")
                                    .put("data", new JsonObject().put("v", i))));
        }
        Path fixture = stateDir.getParent().resolve(stateDir.getFileName() + "-long.json");
        Files.writeString(
                fixture,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "dashboard")
                        .put("cases", cases)
                        .encode());
        // One case a cycle and 8 KiB segments, two kept: the history is 90 cycles, the logs keep a few dozen.
        RunnerSettings small = new RunnerSettings(
                stateDir, List.of(fixture), 1, 50, new RetryPolicy(3, 1, 5), new LogRetention(8 * 1024, 2));
        DashboardTesting.Run first = run(vertx, small);
        assertThat(first.cycles()).hasSize(90);
        String live = first.runtime().projection().summaryHash();
        assertThat(Files.list(stateDir.resolve("segments"))
                        .map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("widget-projection."))
                .anyMatch(n -> n.endsWith(".jsonl.gz"))
                .noneMatch(n -> n.equals("runtime-events.000001.jsonl.gz"));

        DashboardInspection.Reprojection replay = new DashboardInspection(stateDir).reproject();
        assertThat(replay.matches())
                .as("reprojected from the checkpoint before the oldest kept segment")
                .isTrue();
        assertThat(replay.summaryHash()).isEqualTo(live);
        assertThat(replay.cyclesReplayed()).isLessThan(90);

        // A restart restores the projection from widget-views.json; without that file, from the kept history.
        assertThat(StoredProjection.restore(new StateStore(stateDir, "dashboard"), 90)
                        .projection()
                        .summaryHash())
                .isEqualTo(live);
        Files.delete(stateDir.resolve(DashboardRuntime.WIDGET_VIEWS));
        assertThat(StoredProjection.restore(new StateStore(stateDir, "dashboard"), 90)
                        .projection()
                        .summaryHash())
                .isEqualTo(live);
        // Channel views come back from their files, the same as they were.
        DashboardTesting.Run again = run(vertx, small);
        assertThat(again.cycles()).isEmpty();
        assertThat(again.runtime().channelSnapshot("ch-1"))
                .isEqualTo(first.runtime().channelSnapshot("ch-1"));
    }

    @Test
    @DisplayName("replaying runtime-events.jsonl rebuilds the same views and summary hash; a changed history does not")
    void reprojection(Vertx vertx) throws Exception {
        DashboardTesting.fakeGateway(vertx);
        run(vertx, settings(stateDir, 4, fixture("healthy.json")));
        DashboardTesting.Run second = run(vertx, settings(stateDir, 4, fixture("control.json"), fixture("retry.json")));
        String live = second.runtime().projection().summaryHash();

        DashboardInspection.Reprojection replay = new DashboardInspection(stateDir).reproject();
        assertThat(replay.cyclesReplayed()).isEqualTo(4); // 6 cases, then 8, at 4 a cycle
        assertThat(replay.summaryHash()).isEqualTo(live).isEqualTo(replay.storedSummaryHash());
        assertThat(replay.matches()).isTrue();
        assertThat(new DashboardInspection(stateDir).reproject().summaryHash()).isEqualTo(live);

        Path events = stateDir.resolve("runtime-events.jsonl");
        List<String> lines = Files.readAllLines(events);
        lines.set(1, lines.get(1).replace("\"health_state\":\"healthy\"", "\"health_state\":\"failing\""));
        Files.write(events, lines);
        DashboardInspection.Reprojection tampered = new DashboardInspection(stateDir).reproject();
        assertThat(tampered.matches()).isFalse();
        assertThat(tampered.summaryHash()).isNotEqualTo(live);
    }

    @Test
    @DisplayName(
            "a canary verdict lost to a crash after its cycle committed is recorded at the next start, once; a replay agrees")
    void canaryVerdictAfterACrash(Vertx vertx) throws Exception {
        run(vertx, settings(stateDir, 4, fixture("healthy.json")));
        run(vertx, settings(stateDir, 4, fixture("failures.json")));
        Path verdicts = stateDir.resolve(CanaryVerdictLog.FILE);
        List<String> recorded = Files.readAllLines(verdicts);
        // Cycle 1 left a queue (canary-1 blocked), cycle 2 held it, the failing cycle 3 blocked it again.
        assertThat(recorded).hasSize(3);
        // As a crash between the commit of the failing cycle and its verdict's line leaves it, torn line and all.
        Files.writeString(
                verdicts,
                recorded.get(0) + "\n" + recorded.get(1) + "\n"
                        + recorded.get(2).substring(0, 40));

        run(vertx, settings(stateDir, 4));
        List<String> after = Files.readAllLines(verdicts);
        assertThat(after).as("the torn line cut, the verdict written whole").hasSize(3);
        assertThat(new JsonObject(after.get(2))).isEqualTo(new JsonObject(recorded.get(2)));
        CanaryReplay.Result replay = CanaryReplay.of(stateDir);
        assertThat(replay.differing()).isEmpty();
        assertThat(replay.compared()).isEqualTo(3);

        run(vertx, settings(stateDir, 4));
        assertThat(Files.readAllLines(verdicts))
                .as("nothing new: the same verdict is not written again")
                .hasSize(3);
    }

    @Test
    @DisplayName("the gate passes exactly when health is healthy")
    void gate() {
        for (HealthState health : HealthState.values()) {
            var decision = DashboardGate.INSTANCE.decide(new RolloutPolicy.Signals(health, 0, 0, 0, 0));
            assertThat(decision.gate().wire()).isEqualTo(health == HealthState.HEALTHY ? "pass" : "hold");
            assertThat(decision.reasonCode()).isEqualTo("health_" + health.wire());
        }
    }

    @Test
    @DisplayName(
            "the service publishes widget views with growing seq, answers a snapshot, folds in gateway events, and applies each routed action once")
    void liveService(Vertx vertx) throws Exception {
        List<JsonObject> gateway = DashboardTesting.fakeGateway(vertx);
        List<JsonObject> widgets = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.DASHBOARD_WIDGETS, msg -> widgets.add(msg.body()));
        // Views sent again every hour only: this test counts each view's publishes as it changes.
        vertx.deployVerticle(
                        new DashboardVerticle(3_600_000),
                        new DeploymentOptions()
                                .setConfig(DashboardVerticle.SERVICE.toConfig(
                                        settings(stateDir, 3, fixture("healthy.json")))))
                .await(30, TimeUnit.SECONDS);
        awaitTrue(() -> request(vertx, Addresses.DASHBOARD_STATUS, new JsonObject())
                        .getJsonObject("detail")
                        .getLong("cycle_count")
                == 2);

        List<Long> healthSeqs = widgets.stream()
                .filter(w -> w.getString("id").equals("dashboard.queue_depth"))
                .map(w -> w.getLong("seq"))
                .toList();
        assertThat(healthSeqs).containsExactly(1L, 2L);

        JsonObject snapshot = request(vertx, Addresses.DASHBOARD_VIEWS, new JsonObject());
        List<String> ids = snapshot.getJsonArray("views").stream()
                .map(v -> ((JsonObject) v).getString("id"))
                .toList();
        assertThat(ids)
                .contains(
                        "dashboard.health",
                        "dashboard.rollout",
                        "dashboard.failure_streak",
                        "dashboard.queue_depth",
                        "dashboard.reason_codes",
                        "dashboard.recent_events",
                        "dashboard.canary");
        assertThat(snapshot.getString("summary_hash")).hasSize(64);

        CycleReport gatewayCycle = report(
                "gateway", 1, Instant.now().toEpochMilli(), "degraded", "hold", 2, List.of("case_processing_failed"));
        vertx.eventBus().publish(Addresses.GATEWAY_EVENTS, MeshJson.toJson(gatewayCycle));
        awaitTrue(() -> widgets.stream().anyMatch(w -> w.getString("id").equals("gateway.rollout")));
        JsonObject rollout = widgets.stream()
                .filter(w -> w.getString("id").equals("gateway.rollout"))
                .findFirst()
                .orElseThrow();
        assertThat(rollout.getJsonObject("data").getString("rollout_gate")).isEqualTo("hold");

        JsonObject action =
                new JsonObject().put("target", "gateway").put("action", "pause").put("idempotency_key", "op-7");
        JsonObject first = request(vertx, Addresses.DASHBOARD_CONTROL, action);
        JsonObject again = request(vertx, Addresses.DASHBOARD_CONTROL, action);
        assertThat(first.getString("result")).isEqualTo("accepted");
        assertThat(first.getBoolean("duplicate")).isFalse();
        assertThat(again.getBoolean("duplicate")).isTrue();
        assertThat(gateway.stream()
                        .filter(b -> "pause".equals(b.getString("action")))
                        .count())
                .isEqualTo(1);
        assertThat(first.getJsonObject("detail").getString("target")).isEqualTo("gateway");

        JsonObject unknown = request(
                vertx,
                Addresses.DASHBOARD_CONTROL,
                new JsonObject().put("target", "gateway").put("action", "explode"));
        assertThat(unknown.getString("result")).isEqualTo("rejected");
        assertThat(unknown.getString("reason")).startsWith("action.action: must be one of");
        JsonObject absent = request(
                vertx,
                Addresses.DASHBOARD_CONTROL,
                new JsonObject()
                        .put("target", "supervisor")
                        .put("action", "quarantine_child")
                        .put("child_id", "relay"));
        assertThat(absent.getString("result")).isEqualTo("rejected");
        assertThat(absent.getString("reason")).isEqualTo("no member of the mesh serves tau.supervisor.command");
        JsonObject own = request(
                vertx,
                Addresses.DASHBOARD_CONTROL,
                new JsonObject().put("action", "set_queue_limit").put("queue_limit", 9));
        assertThat(own.getString("result")).isEqualTo("accepted");

        JsonObject status =
                request(vertx, Addresses.DASHBOARD_STATUS, new JsonObject()).getJsonObject("detail");
        assertThat(status.getInteger("queue_limit")).isEqualTo(9);
        assertThat(status.getJsonObject("reason_code_counts").getLong("control_actions_applied"))
                .isEqualTo(1L);
        assertThat(status.getJsonObject("reason_code_counts").getLong("duplicate_cases_skipped"))
                .isNull();
        assertThat(Files.readString(stateDir.resolve("channel-store/dashboard/operator/outputs.jsonl")))
                .contains("control:op-7");
    }

    @Test
    @DisplayName("the canary phases follow the runbook's table: hold times, advancing codes, flat retries and sign-off")
    void canary() {
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long minute = 60_000;
        CanaryTracker steady = new CanaryTracker();
        for (int m = 0; m <= 240; m += 30) {
            steady.accept(report(
                    "dashboard",
                    m / 30 + 1,
                    t0 + m * minute,
                    "healthy",
                    "pass",
                    0,
                    List.of("healthy_cycle", "widget_views_updated", "control_actions_applied")));
        }
        CanaryTracker.Evaluation four = steady.evaluate(t0 + 240 * minute, CanaryStanding.NONE);
        assertThat(four.promotableTo()).isEqualTo("canary-3");
        assertThat(four.nextPhase()).isEqualTo("general-availability");
        assertThat(four.phases().get(0).heldForSecs()).isEqualTo(240 * 60);
        assertThat(four.nextPhaseBlockedBy())
                .anyMatch(b -> b.contains("1440 min"))
                .anyMatch(b -> b.contains("sign-off"));

        CanaryTracker.Evaluation early = steady.evaluate(t0 + 45 * minute, CanaryStanding.NONE);
        assertThat(early.phases().get(1).holds()).isFalse();

        CanaryTracker quiet = new CanaryTracker();
        for (int m = 0; m <= 120; m += 30) {
            quiet.accept(
                    report("dashboard", m / 30 + 1, t0 + m * minute, "healthy", "pass", 0, List.of("healthy_cycle")));
        }
        CanaryTracker.Evaluation noControl = quiet.evaluate(t0 + 120 * minute, CanaryStanding.NONE);
        assertThat(noControl.promotableTo()).isEqualTo("canary-1");
        assertThat(noControl.nextPhaseBlockedBy()).anyMatch(b -> b.startsWith("widget_views_updated has not advanced"));

        CanaryTracker broken = new CanaryTracker();
        broken.accept(report("dashboard", 1, t0, "healthy", "pass", 0, List.of("healthy_cycle")));
        broken.accept(report("dashboard", 2, t0 + minute, "degraded", "hold", 1, List.of("case_processing_failed")));
        CanaryTracker.Evaluation held = broken.evaluate(t0 + 2 * minute, CanaryDecisionsTest.SIGNED);
        assertThat(held.promotableTo()).isNull();
        assertThat(held.nextPhase()).isEqualTo("canary-1");
        assertThat(held.nextPhaseBlockedBy())
                .contains(
                        "rollout_gate=hold",
                        "health_state=degraded",
                        "failure_streak=1",
                        "new case_processing_failed in cycle 2");

        CanaryTracker retried = new CanaryTracker();
        for (int m = 0; m <= 200; m += 20) {
            List<String> codes = new ArrayList<>(List.of("widget_views_updated", "control_actions_applied"));
            if (m == 180) {
                codes.add("retry_attempted");
            }
            retried.accept(report("dashboard", m / 20 + 1, t0 + m * minute, "healthy", "pass", 0, codes));
        }
        CanaryTracker.Evaluation flat = retried.evaluate(t0 + 200 * minute, CanaryStanding.NONE);
        assertThat(flat.promotableTo()).isEqualTo("canary-2");
        assertThat(flat.nextPhaseBlockedBy()).anyMatch(b -> b.startsWith("retry-related reason codes advanced"));
    }

    @Test
    @DisplayName("through a silence the canary holds nothing: held time stops where the latest cycle ages out")
    void canarySilence() {
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long minute = 60_000;
        CanaryTracker tracker = new CanaryTracker();
        CanaryTracker.Evaluation none = tracker.evaluate(t0, CanaryDecisionsTest.SIGNED);
        assertThat(none.promotableTo()).isNull();
        assertThat(none.phases().get(2).blockedBy()).contains("no dashboard cycle to judge retries by");
        for (int m = 0; m <= 30; m += 10) {
            tracker.accept(report(
                    "dashboard",
                    m / 10 + 1,
                    t0 + m * minute,
                    "healthy",
                    "pass",
                    0,
                    List.of("widget_views_updated", "control_actions_applied")));
        }
        CanaryTracker.Evaluation fresh = tracker.evaluate(t0 + 60 * minute, CanaryStanding.NONE);
        assertThat(fresh.phases().get(0).holds()).isTrue();
        assertThat(fresh.phases().get(0).heldForSecs()).isEqualTo(60 * 60);

        // The latest cycle ran at minute 30; a day later it covers only the hour after it.
        CanaryTracker.Evaluation silent = tracker.evaluate(t0 + 24 * 60 * minute, CanaryDecisionsTest.SIGNED);
        assertThat(silent.promotableTo()).isNull();
        assertThat(silent.phases().get(0).heldForSecs()).isEqualTo(90 * 60);
        assertThat(silent.nextPhaseBlockedBy()).anyMatch(b -> b.startsWith("insufficient_data: the latest dashboard"));
    }

    static CycleReport report(
            String runtime, long id, long atMs, String health, String gate, int streak, List<String> codes) {
        return new CycleReport(
                1,
                runtime,
                id,
                new CycleTiming(Instant.ofEpochMilli(atMs).toString(), atMs, 1),
                "batch",
                new CycleTrace("r", null),
                new CycleReport.Results(
                        codes.stream()
                                .map(code -> ReasonCode.byCode(code).orElseThrow())
                                .toList(),
                        new CycleCounts(1, 1, 1, 0, 0, 0, 0, 0, 0),
                        Map.of()),
                new CycleReport.Standing(
                        new HealthState.Classified(
                                WireName.parse(HealthState.class, health).orElseThrow(), health),
                        streak,
                        new RolloutPolicy.Decision(
                                WireName.parse(RolloutGate.class, gate).orElseThrow(), "x", List.of())),
                List.of());
    }

    @Test
    @DisplayName(
            "every view is published again, unchanged, each refresh period: a subscriber that missed the publishes converges on the snapshot")
    void viewsSentAgain(Vertx vertx) throws Exception {
        vertx.deployVerticle(
                        new DashboardVerticle(200),
                        new DeploymentOptions()
                                .setConfig(DashboardVerticle.SERVICE.toConfig(
                                        settings(stateDir, 3, fixture("healthy.json")))))
                .await(30, TimeUnit.SECONDS);
        awaitTrue(() -> request(vertx, Addresses.DASHBOARD_STATUS, new JsonObject())
                        .getJsonObject("detail")
                        .getLong("cycle_count")
                == 2);
        // Subscribed only now: every change was published before, so only a refresh can bring the views.
        Map<String, JsonObject> late = new ConcurrentHashMap<>();
        vertx.eventBus()
                .<JsonObject>consumer(
                        Addresses.DASHBOARD_WIDGETS, msg -> late.put(msg.body().getString("id"), msg.body()))
                .completion()
                .await(10, TimeUnit.SECONDS);
        awaitTrue(() -> {
            Map<String, JsonObject> snapshot = new TreeMap<>();
            request(vertx, Addresses.DASHBOARD_VIEWS, new JsonObject())
                    .getJsonArray("views")
                    .forEach(v -> snapshot.put(((JsonObject) v).getString("id"), (JsonObject) v));
            return snapshot.containsKey("dashboard.canary") && new TreeMap<>(late).equals(snapshot);
        });
    }

    private static JsonObject request(Vertx vertx, String address, JsonObject body) throws Exception {
        return vertx.eventBus()
                .<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(10_000))
                .await(15, TimeUnit.SECONDS)
                .body();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(check::ok);
    }
}
