package io.taumesh.core.runner.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A gate verdict as the runner took it after a cycle, with everything it was taken on: the signals, the window, the
 * policy and its version, the cycles that make up the failure streak, and the rule's numbers in plain words. One line
 * of a runner's {@code decisions.jsonl}; what {@code --explain <runtime>} prints.
 *
 * @param sample whether this cycle ran cases, so counted in the window (a cycle of duplicates only does not)
 * @param streakCycleIds the cycles of the current failure streak, oldest first (empty when it is 0)
 */
public record GateDecision(
        @JsonUnwrapped Taken taken,
        @JsonUnwrapped Outcome outcome,
        boolean sample,
        Inputs inputs,
        List<Long> streakCycleIds,
        @JsonUnwrapped PolicyUsed policyUsed,
        List<String> why) {

    /** Which decision: its id and kind, the runtime and cycle it was taken after, and when. */
    public record Taken(String decisionId, String kind, String runtime, long cycleId, String at, long atUnixMs) {}

    /**
     * The verdict, its reason code and every breach.
     *
     * @param dryRunBreaches the breaches of guardrails in dry run: recorded, never moving the verdict
     */
    public record Outcome(
            RolloutGate verdict,
            String reasonCode,
            List<String> breaches,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dryRunBreaches) {

        public Outcome {
            breaches = List.copyOf(breaches);
            dryRunBreaches = dryRunBreaches == null ? List.of() : List.copyOf(dryRunBreaches);
        }

        /** The outcome of a policy's decision. */
        public static Outcome of(RolloutPolicy.Decision decision) {
            return new Outcome(decision.gate(), decision.reasonCode(), decision.breaches(), decision.dryRunBreaches());
        }
    }

    /**
     * The policy as described, and its version.
     *
     * @param policyVersion the first 12 hex digits of the SHA-256 of the policy's description: equal versions judge
     *     alike
     */
    public record PolicyUsed(Map<String, Object> policy, String policyVersion) {}

    public static final String KIND = "gate";
    /** An operator's reset of the failure streak: a decision that overrides the streak the gate judged. */
    public static final String STREAK_RESET = "streak_reset";

    public GateDecision {
        streakCycleIds = List.copyOf(streakCycleIds);
        why = List.copyOf(why);
    }

    /** The signals the verdict was taken on. */
    public record Inputs(
            HealthState health,
            String healthReason,
            int failureStreak,
            int lastCycleFailed,
            int lastRetryableFailures,
            int queueDepth,
            int freshSamples) {}

    /** The decision after cycle {@code cycleId}; {@code streakCycleIds} as far as they are known (see {@link #withStreak}). */
    public static GateDecision of(
            String runtime,
            long cycleId,
            String at,
            RolloutPolicy policy,
            RolloutPolicy.Signals signals,
            HealthState.Classified health,
            RolloutPolicy.Decision decision,
            boolean sample,
            List<Long> streakCycleIds) {
        JsonObject described = policy.describe();
        int fresh = GateWindow.of(described.getMap()).freshSamples(signals.samplesUnixMs(), signals.nowUnixMs());
        return new GateDecision(
                new Taken(runtime + ":" + KIND + ":" + cycleId, KIND, runtime, cycleId, at, signals.nowUnixMs()),
                Outcome.of(decision),
                sample,
                new Inputs(
                        health.state(),
                        health.reason(),
                        signals.failureStreak(),
                        signals.lastCycleFailed(),
                        signals.lastRetryableFailures(),
                        signals.queueDepth(),
                        fresh),
                streakCycleIds,
                new PolicyUsed(described.getMap(), version(described)),
                policy.explain(decision, signals));
    }

    /** The same decision, naming the cycles of its failure streak. */
    public GateDecision withStreak(List<Long> cycleIds) {
        return new GateDecision(taken, outcome, sample, inputs, cycleIds, policyUsed, why);
    }

    /**
     * Whether {@code other} took the same verdict for the same reasons, dry-run breaches included (the log keeps
     * changes only).
     */
    public boolean sameVerdict(@Nullable GateDecision other) {
        return other != null
                && outcome.equals(other.outcome)
                && policyUsed.policyVersion().equals(other.policyUsed.policyVersion());
    }

    /** Whether a guardrail in dry run would have held a gate that passed. */
    public boolean dryRunDisagrees() {
        return outcome.verdict() == RolloutGate.PASS
                && !outcome.dryRunBreaches().isEmpty();
    }

    /** The policy's version: equal descriptions, equal versions. */
    public static String version(JsonObject describedPolicy) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(describedPolicy.encode().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** In plain words: the verdict, the rule's numbers, the health, the policy and the cycles it rests on. */
    public String explain() {
        StringBuilder text = new StringBuilder();
        text.append(taken.runtime())
                .append(": ")
                .append(outcome.verdict().wire())
                .append(" (")
                .append(outcome.reasonCode())
                .append(") since cycle ")
                .append(taken.cycleId())
                .append(", ")
                .append(taken.at())
                .append('\n');
        for (String phrase : why) {
            text.append("  because: ").append(phrase);
            if (phrase.startsWith("failure_streak ") && !streakCycleIds.isEmpty()) {
                text.append(" over ").append(cycles(streakCycleIds));
            }
            text.append('\n');
        }
        text.append("  health: ")
                .append(inputs.health().wire())
                .append(" (")
                .append(inputs.healthReason())
                .append(")\n");
        if (!sample) {
            text.append("  this cycle ran no case, so it is no sample: the verdict rests on the last cycle that did\n");
        }
        text.append("  policy: ")
                .append(policyUsed.policyVersion())
                .append(' ')
                .append(policyUsed.policy().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" ")))
                .append('\n');
        text.append("  decision: ").append(taken.decisionId()).append('\n');
        return text.toString();
    }

    private static String cycles(List<Long> ids) {
        if (ids.size() == 1) {
            return "cycle " + ids.get(0);
        }
        boolean consecutive = ids.get(ids.size() - 1) - ids.get(0) == ids.size() - 1;
        return consecutive
                ? "cycles " + ids.get(0) + "-" + ids.get(ids.size() - 1)
                : "cycles " + ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
