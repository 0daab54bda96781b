package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.GateDecision;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code tau.<runtime>.history} answers: the runtime's committed cycles of a time window ({@code from_ms} to
 * {@code to_ms}), downsampled into points of {@code bucket_ms} each, oldest first; a point without a cycle has
 * {@code cycles} 0 and no health or gate; {@code decision} is the runtime's latest gate decision recorded, if any.
 */
public record HistoryWindow(
        int schemaVersion,
        String runtime,
        long fromMs,
        long toMs,
        long bucketMs,
        long cycles,
        List<Point> points,
        @Nullable GateDecision decision)
        implements MeshMessage {

    /** The same window with the runtime's latest gate decision, which the page explains beside its charts. */
    public HistoryWindow withDecision(@Nullable GateDecision latest) {
        return new HistoryWindow(schemaVersion, runtime, fromMs, toMs, bucketMs, cycles, points, latest);
    }

    /**
     * The cycles of one bucket: how many, their duration (mean and longest), their cases by outcome (summed), the
     * longest failure streak and deepest queue seen, and the worst health and gate among them.
     */
    public record Point(
            long at,
            int cycles,
            @JsonUnwrapped Durations durations,
            @JsonUnwrapped Cases cases,
            @JsonUnwrapped Worst worst) {}

    /** The bucket's cycle durations: mean and longest. */
    public record Durations(long durationMsAvg, long durationMsMax) {}

    /** The bucket's cases by outcome, summed. */
    public record Cases(long succeeded, long failed, long malformed, long duplicates) {}

    /** The worst the bucket saw: the longest failure streak, the deepest queue, the worst health and gate. */
    public record Worst(
            int failureStreakMax,
            int queueDepthMax,
            @Nullable String health,
            @Nullable String gate) {}
}
