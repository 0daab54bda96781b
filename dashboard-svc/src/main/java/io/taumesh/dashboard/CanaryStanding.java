package io.taumesh.dashboard;

import org.jspecify.annotations.Nullable;

/**
 * The operator's word on the canary at one point of the history: the release checklist's sign-off (null: not
 * given), a hold or an abort in force (null: none, or resumed since), and the latest decision of any kind.
 */
public record CanaryStanding(
        @Nullable CanaryDecision signoff,
        @Nullable CanaryDecision stop,
        @Nullable CanaryDecision latest) {

    public static final CanaryStanding NONE = new CanaryStanding(null, null, null);

    /** The operator's word in one line, for people: the sign-off and a hold or abort in force. */
    public String describe() {
        String signed = signoff == null
                ? "release sign-off not recorded"
                : "release signed off at " + signoff.at() + " (" + signoff.reason() + ")";
        String stopped = stopping();
        return stopped == null ? signed + "; no hold or abort in force" : signed + "; " + stopped;
    }

    /** Why promotion stops whatever the gates say, in plain words; null when nothing stops it. */
    @Nullable
    String stopping() {
        if (stop == null) {
            return null;
        }
        return stop.decision() == CanaryDecision.Kind.ABORT
                ? "canary aborted by the operator at " + stop.at() + ": " + stop.reason()
                        + "; follow runbook 000's rollback plan (canary_resume lifts it)"
                : "promotion held by the operator at " + stop.at() + ": " + stop.reason() + " (canary_resume lifts it)";
    }
}
