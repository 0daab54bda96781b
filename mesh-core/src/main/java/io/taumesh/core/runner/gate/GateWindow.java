package io.taumesh.core.runner.gate;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a gate needs before it may pass: at least {@code minSamples} cycles that ran cases (a sample each), none
 * counted when older than {@code maxAgeMs}. Too few fresh samples, or none, is {@code hold} with
 * {@link #INSUFFICIENT_DATA}: no data is never a pass. A cycle that ran no case (all duplicates or malformed, or an
 * empty queue) is no sample. The defaults (one sample within the hour) keep the runbooks' verdicts wherever a
 * cycle ran cases within the hour.
 */
public record GateWindow(int minSamples, long maxAgeMs) {

    public static final String INSUFFICIENT_DATA = "insufficient_data";
    public static final int DEFAULT_MIN_SAMPLES = 1;
    public static final long DEFAULT_MAX_AGE_MS = 3_600_000;
    /** The samples a state keeps: the window can ask for no more. */
    public static final int MAX_SAMPLES = 100;

    public static final GateWindow DEFAULT = new GateWindow(DEFAULT_MIN_SAMPLES, DEFAULT_MAX_AGE_MS);

    public GateWindow {
        if (minSamples < 1 || minSamples > MAX_SAMPLES) {
            throw new FieldError("gate_min_samples", "must be between 1 and " + MAX_SAMPLES + ", got " + minSamples);
        }
        if (maxAgeMs < 1_000) {
            throw new FieldError("gate_max_age_ms", "must be at least 1000, got " + maxAgeMs);
        }
    }

    /** The samples within the window as of {@code nowMs}. */
    public int freshSamples(List<Long> samplesUnixMs, long nowMs) {
        return (int) samplesUnixMs.stream().filter(at -> nowMs - at <= maxAgeMs).count();
    }

    /**
     * The verdict of the thresholds, or {@code hold} when the window holds too few fresh samples: then the breaches
     * list every threshold breach and {@code insufficient_data}, and a threshold breach stays the reason code.
     */
    public RolloutPolicy.Decision judge(RolloutPolicy.Decision onThresholds, List<Long> samplesUnixMs, long nowMs) {
        if (freshSamples(samplesUnixMs, nowMs) >= minSamples) {
            return onThresholds;
        }
        List<String> breaches = new ArrayList<>(onThresholds.breaches());
        if (!breaches.contains(INSUFFICIENT_DATA)) {
            breaches.add(INSUFFICIENT_DATA);
        }
        String reason = onThresholds.gate() == RolloutGate.HOLD ? onThresholds.reasonCode() : INSUFFICIENT_DATA;
        return new RolloutPolicy.Decision(RolloutGate.HOLD, reason, breaches, onThresholds.dryRunBreaches());
    }

    /** The window in plain words: how many fresh samples it holds against what it needs. */
    public String explain(List<Long> samplesUnixMs, long nowMs) {
        int fresh = freshSamples(samplesUnixMs, nowMs);
        return fresh + " fresh sample" + (fresh == 1 ? "" : "s") + " within " + age(maxAgeMs)
                + (fresh >= minSamples ? " >= " : " < ") + "the " + minSamples + " the window needs"
                + (fresh >= minSamples ? "" : " (" + INSUFFICIENT_DATA + ")");
    }

    private static String age(long ms) {
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms % 1_000 == 0 ? ms / 1_000 + " s" : ms + " ms";
    }

    /** Samples after one more: the newest last, no more than {@link #MAX_SAMPLES}. */
    public static List<Long> withSample(List<Long> samplesUnixMs, long atUnixMs) {
        List<Long> next = new ArrayList<>(samplesUnixMs);
        next.add(atUnixMs);
        return List.copyOf(next.subList(Math.max(0, next.size() - MAX_SAMPLES), next.size()));
    }

    /** {@code policy} judged over this window; a policy judged over another window is judged over this one instead. */
    public RolloutPolicy over(RolloutPolicy policy) {
        RolloutPolicy thresholds = policy instanceof Windowed w ? w.thresholds() : policy;
        return new Windowed(thresholds, this);
    }

    /** The window a stored policy description names; the defaults when it names none (a state of an older build). */
    public static GateWindow of(Map<String, Object> describedPolicy) {
        Object min = describedPolicy == null ? null : describedPolicy.get("window_min_samples");
        Object age = describedPolicy == null ? null : describedPolicy.get("window_max_age_ms");
        return new GateWindow(
                min instanceof Number n ? n.intValue() : DEFAULT_MIN_SAMPLES,
                age instanceof Number n ? n.longValue() : DEFAULT_MAX_AGE_MS);
    }

    /** A policy's thresholds, judged over a window. */
    private record Windowed(RolloutPolicy thresholds, GateWindow window) implements RolloutPolicy {

        @Override
        public Decision decide(Signals signals) {
            return window.judge(thresholds.decide(signals), signals.samplesUnixMs(), signals.nowUnixMs());
        }

        @Override
        public List<String> explain(Decision decision, Signals signals) {
            List<String> why = new ArrayList<>(thresholds.explain(thresholds.decide(signals), signals));
            why.add(window.explain(signals.samplesUnixMs(), signals.nowUnixMs()));
            return List.copyOf(why);
        }

        @Override
        public List<String> guardrails() {
            List<String> all = new ArrayList<>(thresholds.guardrails());
            all.add(INSUFFICIENT_DATA);
            return List.copyOf(all);
        }

        @Override
        public String passCode() {
            return thresholds.passCode();
        }

        @Override
        public JsonObject describe() {
            return thresholds
                    .describe()
                    .copy()
                    .put("window_min_samples", window.minSamples())
                    .put("window_max_age_ms", window.maxAgeMs());
        }
    }
}
