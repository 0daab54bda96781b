package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.fixture.FixtureFormat;
import io.taumesh.core.runner.gate.GateDryRun;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutPolicy;
import java.util.Objects;

/**
 * What makes one runtime of the engine: its name ({@code gateway}, {@code dashboard}), the case field that
 * names a case's channel ({@code actor_id}, {@code channel_id}), what it does with a case, and its gate.
 */
public record RuntimeProfile(String runtime, String channelField, CaseProcessor processor, RolloutPolicy policy) {

    public RuntimeProfile {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(channelField, "channelField");
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * The same runtime with its gate judged over {@code window} (no data is never a pass) and the guardrails of
     * {@code dryRun} recorded but not enforced.
     */
    public RuntimeProfile judgedOver(GateWindow window, GateDryRun dryRun) {
        return new RuntimeProfile(runtime, channelField, processor, dryRun.over(window.over(policy)));
    }

    /** The shape of this runtime's fixture files. */
    public FixtureFormat fixtureFormat() {
        return new FixtureFormat(runtime, channelField, processor);
    }
}
