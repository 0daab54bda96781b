package io.taumesh.core.runner.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A gate's guardrails in dry run: evaluated and recorded, never moving the gate")
class GateDryRunTest {

    private static final long NOW = 10_000_000;
    private static final String STREAK = "streak_breached";
    private static final String RETRIES = "retries_breached";

    /** Two thresholds of 2, like the gateway's guardrails. */
    private static final RolloutPolicy THRESHOLDS = new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            List<String> breaches = new ArrayList<>();
            if (s.failureStreak() >= 2) {
                breaches.add(STREAK);
            }
            if (s.lastRetryableFailures() >= 2) {
                breaches.add(RETRIES);
            }
            return breaches.isEmpty()
                    ? new Decision(RolloutGate.PASS, "within", List.of())
                    : new Decision(RolloutGate.HOLD, breaches.get(0), breaches);
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "test");
        }

        @Override
        public List<String> guardrails() {
            return List.of(STREAK, RETRIES);
        }

        @Override
        public String passCode() {
            return "within";
        }
    };

    private static final RolloutPolicy WINDOWED = GateWindow.DEFAULT.over(THRESHOLDS);

    private static RolloutPolicy.Signals signals(int streak, int retryable, List<Long> samples) {
        return new RolloutPolicy.Signals(HealthState.FAILING, streak, 1, retryable, 0, samples, NOW);
    }

    @Test
    @DisplayName("a breach in dry run alone passes the gate under the policy's pass code and is kept aside")
    void aDryRunBreachAlonePasses() {
        RolloutPolicy policy = new GateDryRun(Set.of(STREAK)).over(WINDOWED);
        RolloutPolicy.Signals s = signals(3, 0, List.of(NOW));
        RolloutPolicy.Decision d = policy.decide(s);
        assertThat(d).isEqualTo(new RolloutPolicy.Decision(RolloutGate.PASS, "within", List.of(), List.of(STREAK)));
        assertThat(WINDOWED.decide(s).gate()).as("enforced, it holds").isEqualTo(RolloutGate.HOLD);
        assertThat(policy.explain(d, s))
                .contains("dry run: " + STREAK + " breached, recorded, not enforced (enforced, the gate would hold)");
        assertThat(policy.explain(policy.decide(signals(0, 0, List.of(NOW))), signals(0, 0, List.of(NOW))))
                .contains("dry run of " + STREAK + ": none breached");
    }

    @Test
    @DisplayName("an enforced breach still holds, as its own reason code, with the dry-run breach recorded beside it")
    void anEnforcedBreachStillHolds() {
        RolloutPolicy policy = new GateDryRun(Set.of(STREAK)).over(WINDOWED);
        RolloutPolicy.Decision d = policy.decide(signals(3, 2, List.of(NOW)));
        assertThat(d)
                .isEqualTo(new RolloutPolicy.Decision(RolloutGate.HOLD, RETRIES, List.of(RETRIES), List.of(STREAK)));
    }

    @Test
    @DisplayName(
            "insufficient_data in dry run lets an empty window pass, recorded; a window judged later keeps it aside")
    void insufficientDataInDryRun() {
        GateDryRun dryRun = new GateDryRun(Set.of(GateWindow.INSUFFICIENT_DATA));
        RolloutPolicy policy = dryRun.over(WINDOWED);
        RolloutPolicy.Decision fresh = policy.decide(signals(0, 0, List.of(NOW)));
        assertThat(fresh).isEqualTo(new RolloutPolicy.Decision(RolloutGate.PASS, "within", List.of()));
        RolloutPolicy.Decision none = policy.decide(signals(0, 0, List.of()));
        assertThat(none)
                .isEqualTo(new RolloutPolicy.Decision(
                        RolloutGate.PASS, "within", List.of(), List.of(GateWindow.INSUFFICIENT_DATA)));
        // As a state is read later: its window judged as of then, its dry run applied to what that gives.
        RolloutPolicy.Decision aged =
                dryRun.apply(GateWindow.DEFAULT.judge(fresh, List.of(NOW), NOW + 2 * 3_600_000), fresh.reasonCode());
        assertThat(aged).isEqualTo(none);
        assertThat(GateDryRun.NONE
                        .apply(GateWindow.DEFAULT.judge(fresh, List.of(), NOW), "within")
                        .gate())
                .as("without a dry run, an empty window holds")
                .isEqualTo(RolloutGate.HOLD);
    }

    @Test
    @DisplayName(
            "the dry run is part of the policy's description, and read back from it; none leaves the policy as it is")
    void describedAndReadBack() {
        GateDryRun dryRun = new GateDryRun(Set.of(RETRIES, STREAK));
        RolloutPolicy policy = dryRun.over(WINDOWED);
        JsonObject described = policy.describe();
        assertThat(described.getJsonArray("dry_run").getList()).containsExactly(RETRIES, STREAK);
        assertThat(GateDryRun.of(described.getMap())).isEqualTo(dryRun);
        assertThat(GateDryRun.of(WINDOWED.describe().getMap())).isEqualTo(GateDryRun.NONE);
        assertThat(GateDecision.version(described)).isNotEqualTo(GateDecision.version(WINDOWED.describe()));
        assertThat(GateDryRun.NONE.over(WINDOWED)).isSameAs(WINDOWED);
        assertThat(new GateDryRun(Set.of(STREAK))
                        .over(policy)
                        .describe()
                        .getJsonArray("dry_run")
                        .getList())
                .as("a dry run over a dry run replaces it")
                .containsExactly(STREAK);
        assertThat(policy.guardrails()).containsExactly(STREAK, RETRIES, GateWindow.INSUFFICIENT_DATA);
    }

    @Test
    @DisplayName("a guardrail the gate does not have is refused, naming the field and the ones it has")
    void unknownGuardrail() {
        assertThatThrownBy(() -> new GateDryRun(Set.of("queue_depth")).over(WINDOWED))
                .isInstanceOf(FieldError.class)
                .hasMessageContaining("gate_dry_run")
                .hasMessageContaining("'queue_depth' is no guardrail of this gate")
                .hasMessageContaining(STREAK);
    }
}
