package io.taumesh.dashboard;

import static io.taumesh.dashboard.DashboardTesting.fixture;
import static io.taumesh.dashboard.DashboardTesting.run;
import static io.taumesh.dashboard.DashboardTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dashboard_contract: the reason codes, health and gate each fixture of runbook 000 drives. */
@DisplayName("Dashboard contract")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class DashboardContractTest {

    @TempDir
    Path stateDir;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("healthy.json", 512, List.of("healthy_cycle", "widget_views_updated"), "healthy", "pass"),
                Arguments.of(
                        "control.json",
                        512,
                        List.of("healthy_cycle", "widget_views_updated", "control_actions_applied"),
                        "healthy",
                        "pass"),
                Arguments.of(
                        "backpressure.json",
                        4,
                        List.of("queue_backpressure_applied", "widget_views_updated", "healthy_cycle"),
                        "healthy",
                        "pass"),
                Arguments.of(
                        "duplicates.json",
                        512,
                        List.of("duplicate_cases_skipped", "widget_views_updated"),
                        "healthy",
                        "pass"),
                Arguments.of(
                        "malformed.json",
                        512,
                        List.of("malformed_inputs_observed", "widget_views_updated"),
                        "healthy",
                        "pass"),
                Arguments.of("retry.json", 512, List.of("retry_attempted", "widget_views_updated"), "degraded", "hold"),
                Arguments.of(
                        "retryable-failures.json",
                        512,
                        List.of("retry_attempted", "retryable_failures_observed", "widget_views_updated"),
                        "degraded",
                        "hold"),
                Arguments.of(
                        "failures.json",
                        512,
                        List.of("case_processing_failed", "widget_views_updated"),
                        "degraded",
                        "hold"),
                Arguments.of(
                        "failure-streak.json",
                        2,
                        List.of("queue_backpressure_applied", "case_processing_failed", "widget_views_updated"),
                        "failing",
                        "hold"));
    }

    @ParameterizedTest(name = "{0} (queue limit {1}) -> {2}, {3}, {4}")
    @MethodSource("fixtures")
    @DisplayName("each fixture drives its reason codes; the gate passes exactly when health is healthy")
    void fixtureDrivesItsSignals(
            String file, int queueLimit, List<String> codes, String health, String gate, Vertx vertx) throws Exception {
        DashboardTesting.fakeGateway(vertx);
        DashboardTesting.Run run = run(vertx, settings(stateDir, queueLimit, fixture(file)));
        assertThat(run.allReasonCodes()).containsExactlyInAnyOrderElementsOf(codes);
        RunnerState state = run.runtime().runner().state();
        assertThat(state.standing().health().state().wire()).isEqualTo(health);
        assertThat(state.standing().rollout().gate().wire()).isEqualTo(gate);
        assertThat(state.standing().rollout().reasonCode()).isEqualTo("health_" + health);
    }

    @Test
    @DisplayName("every reason code of runbook 000 is driven by some fixture")
    void everyReasonCodeCovered() {
        List<String> covered = fixtures()
                .flatMap(a -> ((List<?>) a.get()[2]).stream())
                .map(Object::toString)
                .distinct()
                .toList();
        assertThat(covered)
                .containsExactlyInAnyOrder(
                        "healthy_cycle",
                        "queue_backpressure_applied",
                        "duplicate_cases_skipped",
                        "malformed_inputs_observed",
                        "retry_attempted",
                        "retryable_failures_observed",
                        "case_processing_failed",
                        "widget_views_updated",
                        "control_actions_applied");
    }

    @Test
    @DisplayName("control actions are routed to their service; one for an absent service is rejected with the reason")
    void controlRouting(Vertx vertx) throws Exception {
        List<JsonObject> gateway = DashboardTesting.fakeGateway(vertx);
        DashboardTesting.Run run = run(vertx, settings(stateDir, 512, fixture("control.json")));
        assertThat(gateway)
                .extracting(b -> b.getString("action"))
                .containsExactly("set_queue_limit", "pause", "resume", "reset_streak");
        assertThat(gateway.get(0).getInteger("queue_limit")).isEqualTo(128);
        assertThat(gateway.get(0).getString("idempotency_key")).isEqualTo("case:ctl-002");
        assertThat(run.cycles().get(0).results().runtimeCounts())
                .containsEntry("control_actions_applied", 4)
                .containsEntry("widget_views_updated", 1);
        String outputs = Files.readString(stateDir.resolve("channel-store/dashboard/ops-main/outputs.jsonl"));
        assertThat(outputs).contains("no member of the mesh serves tau.supervisor.command");
        JsonObject views =
                new JsonObject(Files.readString(stateDir.resolve("channel-store/dashboard/ops-main/views.json")));
        assertThat(views.getInteger("actions_applied")).isEqualTo(4);
        assertThat(views.getJsonArray("views").getJsonObject(0).getString("id")).isEqualTo("gateway-state");
    }

    @Test
    @DisplayName("malformed cases name their field; channel views hold each channel's latest widget data")
    void malformedAndViews(Vertx vertx, @TempDir Path other) throws Exception {
        DashboardTesting.Run malformed = run(vertx, settings(stateDir, 512, fixture("malformed.json")));
        assertThat(malformed.cycles().get(0).notes())
                .extracting(n -> n.field())
                .containsExactly(
                        "cases[1].widget",
                        "cases[2].action",
                        "cases[3].channel_id",
                        "cases[4].channel_id",
                        "cases[5].widget");

        DashboardTesting.Run healthy = run(vertx, settings(other, 512, fixture("healthy.json")));
        JsonObject ops = healthy.runtime().channelSnapshot("ops-main");
        JsonObject progress = ops.getJsonArray("views").getJsonObject(0);
        assertThat(progress.getString("id")).isEqualTo("deploy-progress");
        assertThat(progress.getLong("seq")).isEqualTo(3L);
        assertThat(progress.getJsonObject("data").getInteger("value")).isEqualTo(100);
    }
}
