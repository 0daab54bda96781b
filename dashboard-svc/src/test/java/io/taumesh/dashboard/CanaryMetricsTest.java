package io.taumesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Canary metrics")
class CanaryMetricsTest {

    private static CanaryVerdict verdict(String promotableTo) {
        return new CanaryVerdict(
                "dashboard:canary:1",
                1,
                "2026-01-01T00:00:00Z",
                promotableTo,
                null,
                List.of(),
                CanaryStanding.NONE,
                new CanaryTracker.Inputs(1, null, null, null, null, null, 1),
                "v");
    }

    @Test
    @DisplayName("the gauge follows the latest verdict; the counter counts only the changes recorded, by label")
    void verdicts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CanaryMetrics metrics = new CanaryMetrics(registry)) {
            assertThat(registry.find("tau_dashboard_canary_verdicts").counters())
                    .hasSize(5);
            metrics.verdict(verdict("canary-2"), true);
            metrics.verdict(verdict("canary-2"), false);
            assertThat(registry.get("tau_dashboard_canary_promotable_phases")
                            .gauge()
                            .value())
                    .isEqualTo(2);
            assertThat(registry.get("tau_dashboard_canary_verdicts")
                            .tag("promotable_to", "canary_2")
                            .counter()
                            .count())
                    .isEqualTo(1);
            metrics.verdict(verdict(null), true);
            assertThat(registry.get("tau_dashboard_canary_promotable_phases")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get("tau_dashboard_canary_verdicts")
                            .tag("promotable_to", "none")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }
}
