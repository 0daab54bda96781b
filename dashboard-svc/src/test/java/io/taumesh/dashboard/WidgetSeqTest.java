package io.taumesh.dashboard;

import static io.taumesh.dashboard.DashboardRuntimeTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CycleReport;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Widget view seqs")
class WidgetSeqTest {

    private static final long AT = 1_700_000_000_000L;

    @Test
    @DisplayName("the dashboard's own views count their changes from 1")
    void ownViewsCountChanges() {
        WidgetProjection own = new WidgetProjection();
        own.apply(report("dashboard", 7, AT, "healthy", "pass", 0, List.of("healthy_cycle")));
        own.apply(report("dashboard", 8, AT, "healthy", "pass", 0, List.of("healthy_cycle")));
        Map<String, WidgetView> views = byId(own.views());
        assertThat(views.get("dashboard.health").seq()).isEqualTo(2);
        assertThat(views.get("dashboard.rollout").seq())
                .as("unchanged data keeps its seq")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a rollout view names the breaches of guardrails in dry run, and only when there are any")
    void rolloutViewNamesDryRunBreaches() {
        WidgetProjection own = new WidgetProjection();
        own.apply(report("dashboard", 1, AT, "healthy", "pass", 0, List.of("healthy_cycle")));
        assertThat(byId(own.views()).get("dashboard.rollout").data()).doesNotContainKey("rollout_dry_run_breaches");
        CycleReport plain = report("dashboard", 2, AT, "degraded", "pass", 0, List.of("retry_attempted"));
        CycleReport dryRun = new CycleReport(
                plain.schemaVersion(),
                plain.runtime(),
                plain.cycleId(),
                plain.timing(),
                plain.trigger(),
                plain.trace(),
                plain.results(),
                new CycleReport.Standing(
                        plain.standing().health(),
                        plain.standing().failureStreak(),
                        new RolloutPolicy.Decision(
                                RolloutGate.PASS, "health_healthy", List.of(), List.of("health_degraded"))),
                plain.notes());
        own.apply(dryRun);
        Map<String, Object> view = byId(own.views()).get("dashboard.rollout").data();
        assertThat(view)
                .containsEntry("rollout_gate", "pass")
                .containsEntry("rollout_dry_run_breaches", List.of("health_degraded"));
    }

    @Test
    @DisplayName("the gateway's views, held in memory, carry seqs above the earlier ones after a dashboard restart")
    void liveViewsStayAheadAcrossRestarts() {
        WidgetProjection before = WidgetProjection.ofLiveEvents();
        for (long cycle = 1; cycle <= 50; cycle++) {
            before.apply(report(
                    "gateway",
                    cycle,
                    AT + cycle,
                    cycle % 7 == 0 ? "degraded" : "healthy",
                    "pass",
                    0,
                    List.of("healthy_cycle")));
        }
        Map<String, WidgetView> published = byId(before.views());

        WidgetProjection restarted = WidgetProjection.ofLiveEvents();
        List<WidgetView> first =
                restarted.apply(report("gateway", 51, AT + 51, "healthy", "pass", 0, List.of("healthy_cycle")));
        assertThat(first).extracting(WidgetView::id).containsExactlyInAnyOrderElementsOf(published.keySet());
        assertThat(first)
                .allSatisfy(v -> assertThat(v.seq())
                        .as(v.id())
                        .isGreaterThan(published.get(v.id()).seq()));

        List<WidgetView> startedOver =
                restarted.apply(report("gateway", 1, AT + 52, "degraded", "pass", 0, List.of("healthy_cycle")));
        WidgetView health = byId(startedOver).get("gateway.health");
        assertThat(health.seq())
                .as("the gateway's cycles started over: one more than the view's last")
                .isEqualTo(52);
    }

    private static Map<String, WidgetView> byId(List<WidgetView> views) {
        return views.stream().collect(Collectors.toMap(WidgetView::id, Function.identity()));
    }
}
