package io.taumesh.core.runner.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A gate's window: no data is never a pass")
class GateWindowTest {

    private static final long NOW = 10_000_000;
    private static final RolloutPolicy.Decision PASS =
            new RolloutPolicy.Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of());
    private static final RolloutPolicy.Decision BREACH = new RolloutPolicy.Decision(
            RolloutGate.HOLD, "failure_streak_threshold_breached", List.of("failure_streak_threshold_breached"));

    @Test
    @DisplayName("no samples, too few, or samples older than the window hold with insufficient_data")
    void tooFewFreshSamplesHold() {
        GateWindow window = new GateWindow(3, 60_000);
        assertThat(window.judge(PASS, List.of(), NOW).gate()).isEqualTo(RolloutGate.HOLD);
        assertThat(window.judge(PASS, List.of(NOW - 1_000, NOW), NOW).reasonCode())
                .isEqualTo(GateWindow.INSUFFICIENT_DATA);
        List<Long> stale = List.of(NOW - 200_000, NOW - 150_000, NOW - 61_000);
        assertThat(window.judge(PASS, stale, NOW))
                .isEqualTo(new RolloutPolicy.Decision(
                        RolloutGate.HOLD, GateWindow.INSUFFICIENT_DATA, List.of(GateWindow.INSUFFICIENT_DATA)));
        assertThat(window.judge(PASS, List.of(NOW - 60_000, NOW - 30_000, NOW), NOW))
                .isEqualTo(PASS);
    }

    @Test
    @DisplayName("a breach stays the reason code, with insufficient_data among the breaches")
    void aBreachComesFirst() {
        RolloutPolicy.Decision judged = GateWindow.DEFAULT.judge(BREACH, List.of(), NOW);
        assertThat(judged.reasonCode()).isEqualTo("failure_streak_threshold_breached");
        assertThat(judged.breaches())
                .containsExactly("failure_streak_threshold_breached", GateWindow.INSUFFICIENT_DATA);
        assertThat(GateWindow.DEFAULT.judge(judged, List.of(), NOW)).isEqualTo(judged);
    }

    @Test
    @DisplayName("a policy judged over a window holds on its signals' samples, and describes the window")
    void overAPolicy() {
        RolloutPolicy thresholds = new RolloutPolicy() {
            @Override
            public Decision decide(Signals s) {
                return PASS;
            }

            @Override
            public JsonObject describe() {
                return new JsonObject().put("kind", "test");
            }
        };
        RolloutPolicy windowed = new GateWindow(2, 5_000).over(GateWindow.DEFAULT.over(thresholds));
        RolloutPolicy.Signals one = new RolloutPolicy.Signals(HealthState.HEALTHY, 0, 0, 0, 0, List.of(NOW), NOW);
        RolloutPolicy.Signals two =
                new RolloutPolicy.Signals(HealthState.HEALTHY, 0, 0, 0, 0, List.of(NOW - 10, NOW), NOW);
        assertThat(windowed.decide(one).reasonCode()).isEqualTo(GateWindow.INSUFFICIENT_DATA);
        assertThat(windowed.decide(two)).isEqualTo(PASS);
        assertThat(windowed.describe().getMap())
                .containsEntry("kind", "test")
                .containsEntry("window_min_samples", 2)
                .containsEntry("window_max_age_ms", 5_000L);
        assertThat(GateWindow.of(windowed.describe().getMap())).isEqualTo(new GateWindow(2, 5_000));
        assertThat(GateWindow.of(Map.of("kind", "old"))).isEqualTo(GateWindow.DEFAULT);
    }

    @Test
    @DisplayName("keeps the newest samples only, and refuses a window it cannot fill")
    void bounds() {
        List<Long> samples = List.of();
        for (long at : LongStream.range(0, GateWindow.MAX_SAMPLES + 5).toArray()) {
            samples = GateWindow.withSample(samples, at);
        }
        assertThat(samples).hasSize(GateWindow.MAX_SAMPLES).startsWith(5L).endsWith(GateWindow.MAX_SAMPLES + 4L);
        assertThatThrownBy(() -> new GateWindow(0, 60_000))
                .isInstanceOf(FieldError.class)
                .hasMessageContaining("gate_min_samples");
        assertThatThrownBy(() -> new GateWindow(1, 10))
                .isInstanceOf(FieldError.class)
                .hasMessageContaining("gate_max_age_ms");
    }
}
