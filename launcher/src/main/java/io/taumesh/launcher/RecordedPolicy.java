package io.taumesh.launcher;

import io.taumesh.core.runner.gate.GateDryRun;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.dashboard.DashboardGate;
import io.taumesh.gateway.GatewayGuardrails;
import java.util.Map;

/** A runtime's rollout policy rebuilt from the description stored with its state and its decisions. */
final class RecordedPolicy {

    private RecordedPolicy() {}

    /** The policy {@code described} names (its {@code kind}), judged over the window it names, its dry run kept. */
    static RolloutPolicy of(Map<String, Object> described) {
        Object kind = described.get("kind");
        RolloutPolicy thresholds = switch (String.valueOf(kind)) {
            case "gateway_guardrails" ->
                new GatewayGuardrails(
                        number(described, "failure_streak_threshold"),
                        number(described, "retryable_failures_threshold"));
            case "dashboard_health_gate" -> DashboardGate.INSTANCE;
            default -> throw new IllegalArgumentException("unknown rollout policy kind '" + kind + "'");
        };
        return GateDryRun.of(described).over(GateWindow.of(described).over(thresholds));
    }

    private static int number(Map<String, Object> described, String field) {
        if (described.get(field) instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("the stored rollout policy has no number '" + field + "': " + described);
    }
}
