package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The canary phases as judged after a dashboard cycle, with what they were judged on: one line of the dashboard's
 * {@code canary-verdicts.jsonl}, written when the verdict changes (how far promotion may go, the next phase, which
 * phases hold, the operator's sign-off and hold or abort, or the profile), and what {@code --explain
 * dashboard:canary} prints. Judged as of the cycle's own time, so a replay of the history gives it again exactly.
 *
 * @param decisionId {@code dashboard:canary:<cycle_id>}
 * @param at the cycle's time, the moment the phases were judged as of
 * @param operator the operator's decisions that stood for that cycle
 * @param policyVersion the {@link CanaryProfile}'s version the phases were judged by
 */
public record CanaryVerdict(
        String decisionId,
        long cycleId,
        String at,
        @Nullable String promotableTo,
        @Nullable String nextPhase,
        List<CanaryTracker.Phase> phases,
        CanaryStanding operator,
        CanaryTracker.Inputs inputs,
        String policyVersion) {

    public static final String KIND = "canary";

    public CanaryVerdict {
        phases = List.copyOf(phases);
    }

    /** The verdict of {@code tracker} after dashboard cycle {@code cycleId}, with the decisions that stood for it. */
    static CanaryVerdict of(long cycleId, CanaryTracker tracker, CanaryStanding operator) {
        CanaryTracker.Evaluation e = tracker.evaluate(tracker.latestMs(), operator);
        return new CanaryVerdict(
                id(cycleId),
                cycleId,
                e.asOf(),
                e.promotableTo(),
                e.nextPhase(),
                e.phases(),
                operator,
                tracker.inputs(),
                CanaryTracker.PROFILE.version());
    }

    static String id(long cycleId) {
        return DashboardRuntime.RUNTIME + ":" + KIND + ":" + cycleId;
    }

    /** Whether {@code other} is the same verdict (the numbers and the words behind it may differ). */
    boolean sameVerdict(@Nullable CanaryVerdict other) {
        return other != null
                && Objects.equals(promotableTo, other.promotableTo)
                && Objects.equals(nextPhase, other.nextPhase)
                && holding().equals(other.holding())
                && Objects.equals(operator.signoff(), other.operator.signoff())
                && Objects.equals(operator.stop(), other.operator.stop())
                && policyVersion.equals(other.policyVersion);
    }

    private List<Boolean> holding() {
        return phases.stream().map(CanaryTracker.Phase::holds).toList();
    }

    /** The verdict in plain words: a headline, one line per phase, the operator's word and the inputs. */
    public String explain() {
        StringBuilder out = new StringBuilder();
        out.append("dashboard canary: ")
                .append(promotableTo == null ? "no phase may take traffic" : "promotable to " + promotableTo)
                .append(nextPhase == null ? "; every phase holds" : "; next " + nextPhase + " is blocked")
                .append(" (since cycle ")
                .append(cycleId)
                .append(", ")
                .append(at)
                .append(")\n");
        for (CanaryTracker.Phase p : phases) {
            out.append("  ")
                    .append(p.phase())
                    .append(" (")
                    .append(p.canaryPercent())
                    .append("%): ")
                    .append(p.holds() ? "holds" : "blocked: " + String.join("; ", p.blockedBy()))
                    .append('\n');
        }
        out.append("  operator: ").append(operator.describe()).append('\n');
        out.append("  inputs: latest dashboard cycle ")
                .append(inputs.latestCycleId())
                .append(" at ")
                .append(inputs.latestAt())
                .append("; canary-1 gates holding since ")
                .append(orNever(inputs.canaryOneHoldingSince()))
                .append("; widget_views_updated last ")
                .append(orNever(inputs.lastWidgetViewsUpdated()))
                .append(", control_actions_applied last ")
                .append(orNever(inputs.lastControlActionsApplied()))
                .append(", retry codes last ")
                .append(orNever(inputs.lastRetry()))
                .append('\n');
        out.append("  profile: ")
                .append(policyVersion)
                .append(' ')
                .append(MeshJson.toJson(CanaryTracker.PROFILE).encode())
                .append('\n');
        out.append("  decision: ").append(decisionId).append('\n');
        return out.toString();
    }

    private static String orNever(@Nullable String at) {
        return at == null ? "never" : at;
    }
}
