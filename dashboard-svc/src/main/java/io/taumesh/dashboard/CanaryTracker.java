package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.wire.CycleReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runbook 000's canary profile, evaluated from the dashboard's cycle history. It is fed one cycle at a
 * time and keeps only what the gates need, so replaying a long history stays linear.
 *
 * <ul>
 *   <li>canary-1 (5%): rollout_gate=pass, health_state=healthy, failure_streak=0, queue_depth&lt;=1, and no
 *       case_processing_failed in the latest cycle;</li>
 *   <li>canary-2 (25%): the canary-1 gates have held for 60 minutes, and widget_views_updated and
 *       control_actions_applied both advanced in the last 60 minutes;</li>
 *   <li>canary-3 (50%): the canary-2 gates have held for 120 minutes (canary-1 gates for 180), with no
 *       retry_attempted or retryable_failures_observed in the last 120 minutes;</li>
 *   <li>general-availability (100%): the canary-1 gates have held for 24 hours, and the release sign-off
 *       checklist is complete (it lives outside the mesh; the operator confirms it).</li>
 * </ul>
 */
public final class CanaryTracker {

    static final long MINUTE_MS = 60_000;
    static final CanaryProfile PROFILE = CanaryProfile.RUNBOOK_000;
    /** How long a cycle is fresh evidence for the phases: the gate window's default age. */
    static final long FRESH_MS = PROFILE.freshMin() * MINUTE_MS;

    private CycleReport latest;
    private long holdingSinceMs = -1;
    private long lastWidgetMs = -1;
    private long lastControlMs = -1;
    private long lastRetryMs = -1;
    private int cycles;

    public void accept(CycleReport r) {
        cycles++;
        latest = r;
        long at = r.timing().timestampUnixMs();
        if (r.results().reasonCodes().contains(ReasonCode.WIDGET_VIEWS_UPDATED)) {
            lastWidgetMs = at;
        }
        if (r.results().reasonCodes().contains(ReasonCode.CONTROL_ACTIONS_APPLIED)) {
            lastControlMs = at;
        }
        if (r.results().reasonCodes().contains(ReasonCode.RETRY_ATTEMPTED)
                || r.results().reasonCodes().contains(ReasonCode.RETRYABLE_FAILURES_OBSERVED)) {
            lastRetryMs = at;
        }
        if (canaryOneBlockers(r).isEmpty()) {
            if (holdingSinceMs < 0) {
                holdingSinceMs = at;
            }
        } else {
            holdingSinceMs = -1;
        }
    }

    /** What the tracker holds, as its checkpoint: the latest cycle and the moments it remembers (-1: never). */
    record Checkpoint(
            @Nullable CycleReport latest,
            long holdingSinceMs,
            long lastWidgetMs,
            long lastControlMs,
            long lastRetryMs,
            int cycles) {}

    Checkpoint snapshot() {
        return new Checkpoint(latest, holdingSinceMs, lastWidgetMs, lastControlMs, lastRetryMs, cycles);
    }

    /** A tracker that continues from a {@link #snapshot()}. */
    static CanaryTracker restore(Checkpoint s) {
        CanaryTracker t = new CanaryTracker();
        t.latest = s.latest();
        t.holdingSinceMs = s.holdingSinceMs();
        t.lastWidgetMs = s.lastWidgetMs();
        t.lastControlMs = s.lastControlMs();
        t.lastRetryMs = s.lastRetryMs();
        t.cycles = s.cycles();
        return t;
    }

    /**
     * What an evaluation rests on: the latest cycle, since when the canary-1 gates have held, and when the reason
     * codes canary-2 and canary-3 look for last advanced (null: never).
     */
    public record Inputs(
            long latestCycleId,
            @Nullable String latestAt,
            @Nullable String canaryOneHoldingSince,
            @Nullable String lastWidgetViewsUpdated,
            @Nullable String lastControlActionsApplied,
            @Nullable String lastRetry,
            int cyclesEvaluated) {}

    Inputs inputs() {
        return new Inputs(
                latest == null ? 0 : latest.cycleId(),
                latest == null ? null : latest.timing().timestamp(),
                instant(holdingSinceMs),
                instant(lastWidgetMs),
                instant(lastControlMs),
                instant(lastRetryMs),
                cycles);
    }

    private static @Nullable String instant(long ms) {
        return ms < 0 ? null : Instant.ofEpochMilli(ms).toString();
    }

    /** One phase: whether its gates hold now, for how long the gates it builds on have held, and what blocks it. */
    public record Phase(
            String phase,
            int canaryPercent,
            boolean holds,
            long heldForSecs,
            long requiredHoldSecs,
            List<String> blockedBy) {}

    /**
     * The whole evaluation as of a moment: every phase, the furthest phase promotion may go to, and the operator's
     * decisions that stand (sign-off, a hold or an abort). The mesh splits no traffic: this says what the gates and
     * the operator allow, for whoever moves the traffic.
     */
    public record Evaluation(
            int schemaVersion,
            String asOf,
            int cyclesEvaluated,
            String promotableTo,
            String nextPhase,
            List<String> nextPhaseBlockedBy,
            List<Phase> phases,
            CanaryStanding operator) {}

    /** Evaluates as of {@code asOfMs}, with the operator's decisions that stand then. */
    public Evaluation evaluate(long asOfMs, CanaryStanding operator) {
        // Held time counts only while the data is fresh: through a silence it stops where the latest cycle ages out.
        long coveredUntil = latest == null ? asOfMs : Math.min(asOfMs, latestMs() + FRESH_MS);
        long held = holdingSinceMs < 0 ? 0 : Math.max(0, coveredUntil - holdingSinceMs);
        List<Phase> phases = new ArrayList<>();

        List<String> one = canaryOne(asOfMs);
        String stopped = operator.stopping();
        phases.add(phase("canary-1", 5, held, 0, one, stopped));

        List<String> two = new ArrayList<>(one.isEmpty() ? List.of() : List.of("canary-1 gates do not hold"));
        requireHeld(two, held, PROFILE.canaryTwoHeldMin(), "canary-1");
        requireRecent(two, lastWidgetMs, asOfMs, PROFILE.canaryTwoRecentMin(), "widget_views_updated");
        requireRecent(two, lastControlMs, asOfMs, PROFILE.canaryTwoRecentMin(), "control_actions_applied");
        phases.add(phase("canary-2", 25, held, PROFILE.canaryTwoHeldMin() * 60, two, stopped));

        List<String> three = new ArrayList<>();
        if (!two.isEmpty()) {
            three.add("canary-2 gates do not hold");
        }
        requireHeld(three, held, PROFILE.canaryThreeHeldMin(), "canary-1");
        long flatMin = PROFILE.canaryThreeRetryFlatMin();
        if (latest == null) {
            three.add("no dashboard cycle to judge retries by");
        } else if (lastRetryMs >= 0 && asOfMs - lastRetryMs < flatMin * MINUTE_MS) {
            three.add("retry-related reason codes advanced " + (asOfMs - lastRetryMs) / MINUTE_MS
                    + " min ago (must stay flat for " + flatMin + " min)");
        }
        phases.add(phase("canary-3", 50, held, PROFILE.canaryThreeHeldMin() * 60, three, stopped));

        List<String> ga = new ArrayList<>();
        if (!three.isEmpty()) {
            ga.add("canary-3 gates do not hold");
        }
        requireHeld(ga, held, PROFILE.generalAvailabilityHeldMin(), "canary-1");
        if (operator.signoff() == null) {
            ga.add("release sign-off checklist not recorded (an operator records it: canary_signoff)");
        }
        phases.add(phase("general-availability", 100, held, PROFILE.generalAvailabilityHeldMin() * 60, ga, stopped));

        return promoted(asOfMs, cycles, List.copyOf(phases), operator);
    }

    /** The evaluation of these phases: promotion goes as far as the first phase that does not hold. */
    private static Evaluation promoted(long asOfMs, int cycles, List<Phase> phases, CanaryStanding operator) {
        String promotable = null;
        String next = phases.get(0).phase();
        List<String> nextBlocked = phases.get(0).blockedBy();
        for (Phase p : phases) {
            if (!p.holds()) {
                next = p.phase();
                nextBlocked = p.blockedBy();
                break;
            }
            promotable = p.phase();
            next = null;
            nextBlocked = List.of();
        }
        return new Evaluation(
                1, Instant.ofEpochMilli(asOfMs).toString(), cycles, promotable, next, nextBlocked, phases, operator);
    }

    /** A phase with its gates' blockers, after what the operator's hold or abort says if one stands. */
    private static Phase phase(
            String name, int percent, long heldMs, long requiredSecs, List<String> gates, @Nullable String stopped) {
        List<String> blockers = new ArrayList<>();
        if (stopped != null) {
            blockers.add(stopped);
        }
        blockers.addAll(gates);
        return new Phase(name, percent, blockers.isEmpty(), heldMs / 1000, requiredSecs, List.copyOf(blockers));
    }

    /** The moment of the latest cycle: the deterministic "now" of a replay. */
    public long latestMs() {
        return latest == null ? 0 : latest.timing().timestampUnixMs();
    }

    /** A compact view of an evaluation for the canary widget. */
    public static Map<String, Object> summary(Evaluation e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("promotable_to", e.promotableTo());
        data.put("next_phase", e.nextPhase());
        data.put("next_phase_blocked_by", e.nextPhaseBlockedBy());
        data.put("canary_1_held_for_secs", e.phases().get(0).heldForSecs());
        data.put("as_of", e.asOf());
        // The phase table and the operator's word, for the page: each phase's held time against what it needs.
        data.put(
                "phases",
                e.phases().stream().map(p -> MeshJson.toJson(p).getMap()).toList());
        data.put("signed_off", e.operator().signoff() != null);
        data.put(
                "stopped",
                e.operator().stop() == null
                        ? null
                        : e.operator().stop().decision().wire());
        data.put(
                "operator_latest",
                e.operator().latest() == null
                        ? null
                        : MeshJson.toJson(e.operator().latest()).getMap());
        return data;
    }

    /** Canary-1's blockers as of {@code asOfMs}: the latest cycle's, and that cycle's age past the gate window. */
    private List<String> canaryOne(long asOfMs) {
        if (latest == null) {
            return List.of("no dashboard cycle has run yet");
        }
        List<String> blockers = new ArrayList<>(canaryOneBlockers(latest));
        long age = asOfMs - latestMs();
        if (age > FRESH_MS) {
            blockers.add(GateWindow.INSUFFICIENT_DATA + ": the latest dashboard cycle is " + age / MINUTE_MS
                    + " min old (fresh for " + FRESH_MS / MINUTE_MS + " min)");
        }
        return blockers;
    }

    private static List<String> canaryOneBlockers(CycleReport r) {
        List<String> blockers = new ArrayList<>();
        if (r.standing().rollout().gate() != RolloutGate.PASS) {
            blockers.add("rollout_gate=" + r.standing().rollout().gate().wire());
        }
        if (r.standing().health().state() != HealthState.HEALTHY) {
            blockers.add("health_state=" + r.standing().health().state().wire());
        }
        if (r.standing().failureStreak() != 0) {
            blockers.add("failure_streak=" + r.standing().failureStreak());
        }
        if (r.results().counts().queueDepth() > PROFILE.canaryOneMaxQueueDepth()) {
            blockers.add("queue_depth=" + r.results().counts().queueDepth() + " (must be <= "
                    + PROFILE.canaryOneMaxQueueDepth() + ")");
        }
        if (r.results().reasonCodes().contains(ReasonCode.CASE_PROCESSING_FAILED)) {
            blockers.add("new case_processing_failed in cycle " + r.cycleId());
        }
        return blockers;
    }

    private static void requireHeld(List<String> blockers, long heldMs, long minutes, String what) {
        if (heldMs < minutes * MINUTE_MS) {
            blockers.add(what + " gates held " + heldMs / MINUTE_MS + " of " + minutes + " min");
        }
    }

    private static void requireRecent(List<String> blockers, long lastMs, long asOfMs, long minutes, String code) {
        if (lastMs < 0 || asOfMs - lastMs > minutes * MINUTE_MS) {
            blockers.add(code + " has not advanced in the last " + minutes + " min");
        }
    }
}
