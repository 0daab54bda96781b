package io.taumesh.dashboard;

import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The dashboard's gate (runbook 000): {@code pass} exactly when health is {@code healthy}. */
public final class DashboardGate implements RolloutPolicy {

    public static final DashboardGate INSTANCE = new DashboardGate();

    @Override
    public Decision decide(Signals s) {
        return s.health() == HealthState.HEALTHY
                ? new Decision(RolloutGate.PASS, "health_healthy", List.of())
                : new Decision(
                        RolloutGate.HOLD,
                        "health_" + s.health().wire(),
                        List.of("health_" + s.health().wire()));
    }

    @Override
    public List<String> explain(Decision decision, Signals s) {
        return List.of("health " + s.health().wire() + (s.health() == HealthState.HEALTHY ? "" : ", not healthy"));
    }

    @Override
    public List<String> guardrails() {
        return List.of("health_" + HealthState.DEGRADED.wire(), "health_" + HealthState.FAILING.wire());
    }

    @Override
    public String passCode() {
        return "health_healthy";
    }

    @Override
    public JsonObject describe() {
        return new JsonObject().put("kind", "dashboard_health_gate").put("pass_when", "health_state=healthy");
    }
}
