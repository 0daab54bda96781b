package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutPolicy;
import java.util.List;
import java.util.Map;

/**
 * One cycle as recorded: a line of {@code runtime-events.jsonl}, the body published on
 * {@code tau.<runtime>.events}, and {@code last_cycle} in {@code state.json}. Its groups are written flat.
 */
public record CycleReport(
        int schemaVersion,
        String runtime,
        long cycleId,
        @JsonUnwrapped CycleTiming timing,
        String trigger,
        @JsonUnwrapped CycleTrace trace,
        @JsonUnwrapped Results results,
        @JsonUnwrapped Standing standing,
        List<CaseNote> notes)
        implements MeshMessage {

    /** What the cycle's cases came to: its reason codes, its counts and the runtime's own counts. */
    public record Results(List<ReasonCode> reasonCodes, CycleCounts counts, Map<String, Integer> runtimeCounts) {}

    /** Where the runtime stood after it: health, the failure streak and the rollout gate. */
    public record Standing(
            @JsonUnwrapped(prefix = "health_") HealthState.Classified health,
            int failureStreak,
            @JsonUnwrapped(prefix = "rollout_") RolloutPolicy.Decision rollout) {}

    /** At most this many malformed or failed cases are named in one report. */
    public static final int MAX_NOTES = 20;
}
