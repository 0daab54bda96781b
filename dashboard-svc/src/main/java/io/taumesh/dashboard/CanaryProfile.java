package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.GateWindow;

/**
 * The numbers of runbook 000's canary profile, defined once: {@link CanaryTracker} judges by them and a recorded
 * verdict names their version, so a replay knows whether it judges by the rules the verdict was taken under.
 *
 * @param canaryOneMaxQueueDepth canary-1 holds only while the latest cycle's queue is at most this deep
 * @param canaryTwoHeldMin how long the canary-1 gates must have held for canary-2
 * @param canaryTwoRecentMin widget_views_updated and control_actions_applied advanced within these minutes
 * @param canaryThreeHeldMin how long the canary-1 gates must have held for canary-3
 * @param canaryThreeRetryFlatMin no retry-related reason code for these minutes
 * @param generalAvailabilityHeldMin how long the canary-1 gates must have held for general availability
 * @param freshMin how long the latest cycle is evidence (the gate window's default age)
 */
public record CanaryProfile(
        String kind,
        int canaryOneMaxQueueDepth,
        long canaryTwoHeldMin,
        long canaryTwoRecentMin,
        long canaryThreeHeldMin,
        long canaryThreeRetryFlatMin,
        long generalAvailabilityHeldMin,
        long freshMin) {

    public static final CanaryProfile RUNBOOK_000 = new CanaryProfile(
            "runbook_000_canary", 1, 60, 60, 180, 120, 24 * 60, GateWindow.DEFAULT_MAX_AGE_MS / 60_000);

    /** The first 12 hex digits of the SHA-256 of this profile as JSON: equal versions judge alike. */
    public String version() {
        return GateDecision.version(MeshJson.toJson(this));
    }
}
