package io.taumesh.launcher;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.control.RunnerInspector;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.wire.RunnerCounters;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.core.runner.wire.TransportHealth;
import io.taumesh.dashboard.CanaryTracker;
import io.taumesh.dashboard.DashboardInspection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The offline inspect commands: read a runtime's state dir and print its transport health or status. */
final class StateInspection {

    private final PrintStream out;

    StateInspection(PrintStream out) {
        this.out = out;
    }

    void transportHealth(String runtime, Path stateDir, boolean json) throws StateException {
        TransportHealth h = new RunnerInspector(stateDir, runtime).transportHealth();
        if (json) {
            out.println(MeshJson.toJson(h).encodePrettily());
            return;
        }
        TransportHealth.LastCycle last = h.lastCycle();
        new Table(runtime + " transport health (" + stateDir + ")")
                .row("health_state", h.health().state() + "  (" + h.health().reason() + ")")
                .row("failure_streak", h.load().failureStreak())
                .row("queue_depth", h.load().queueDepth())
                .row(
                        "last cycle",
                        h.cycles().cycleCount() == 0
                                ? "none yet"
                                : "discovered " + last.discovered() + ", processed " + last.processed()
                                        + ", completed "
                                        + last.completed() + ", failed " + last.failed() + ", duplicates "
                                        + last.duplicates()
                                        + ", malformed " + last.malformed())
                .row("last_retryable_failures", h.lastRetryableFailures())
                .row("cycles", h.cycles().cycleCount())
                .row("cycle_duration_ms", h.cycles().cycleDurationMs())
                .row("updated_unix_ms", h.cycles().updatedUnixMs())
                .print(out);
    }

    /** Prints the reprojection and returns it, so that the caller can act on a mismatch. */
    DashboardInspection.Reprojection reproject(Path stateDir) throws StateException {
        DashboardInspection.Reprojection r = new DashboardInspection(stateDir).reproject();
        out.println(MeshJson.toJson(r).encodePrettily());
        return r;
    }

    void canary(Path stateDir, boolean json) throws StateException {
        CanaryTracker.Evaluation e = new DashboardInspection(stateDir).canary(System.currentTimeMillis());
        if (json) {
            out.println(MeshJson.toJson(e).encodePrettily());
            return;
        }
        Table table = new Table("dashboard canary (" + stateDir + ", as of " + e.asOf() + ", " + e.cyclesEvaluated()
                        + " cycles)")
                .row("promotable to", e.promotableTo() == null ? "none" : e.promotableTo())
                .row("next phase", e.nextPhase() == null ? "none: general availability reached" : e.nextPhase())
                .row("operator", e.operator().describe());
        for (CanaryTracker.Phase p : e.phases()) {
            table.row(
                    p.phase() + " (" + p.canaryPercent() + "%)",
                    (p.holds() ? "holds" : "blocked") + ", canary-1 gates held " + p.heldForSecs() / 60 + " min"
                            + (p.blockedBy().isEmpty() ? "" : ": " + String.join("; ", p.blockedBy())));
        }
        table.print(out);
    }

    /** Prints the status; with a policy, the gate is evaluated under it instead of the one stored with the state. */
    void status(String runtime, Path stateDir, boolean json, RolloutPolicy reevaluateWith) throws StateException {
        RunnerStatus s = new RunnerInspector(stateDir, runtime).status(reevaluateWith);
        if (json) {
            out.println(MeshJson.toJson(s).encodePrettily());
            return;
        }
        RunnerStatus.Standing st = s.standing();
        RunnerStatus.Progress p = s.progress();
        new Table(runtime + " status (" + stateDir + ")")
                .row(
                        "health_state",
                        st.health().state().wire() + "  (" + st.health().reason() + ")")
                .row(
                        "rollout_gate",
                        st.rollout().gate().wire() + "  (" + st.rollout().reasonCode() + ")")
                .row("rollout_policy", st.rolloutPolicy())
                .row("failure_streak", st.failureStreak())
                .row("last_cycle_failed", p.recent().lastCycleFailed())
                .row("last_retryable_failures", p.recent().lastRetryableFailures())
                .row(
                        "queue_depth",
                        p.queue().queueDepth() + "  (limit " + p.queue().queueLimit() + ")")
                .row("paused", p.queue().paused())
                .row(
                        "cycles",
                        p.cycleCount()
                                + (p.recent().lastCycleAt() == null
                                        ? ""
                                        : ", last at " + p.recent().lastCycleAt()))
                .row("last cycle reason codes", String.join(", ", ReasonCode.wires(p.lastCycleReasonCodes())))
                .row(
                        "reason code counts",
                        s.tallies().reasonCodeCounts().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" ")))
                .row("cases", cases(s.tallies().counters()))
                .row("events", events(s.history().events()))
                .print(out);
    }

    private static String cases(RunnerCounters c) {
        return "processed " + c.casesProcessed() + ", succeeded " + c.casesSucceeded() + ", failed " + c.casesFailed()
                + ", retryable " + c.retryableFailures() + ", duplicates " + c.duplicatesSkipped() + ", malformed "
                + c.malformedRejected();
    }

    private static String events(RunnerStatus.EventLog events) {
        return events.cycles() + " cycles logged in " + events.path()
                + (events.tornLastLine() ? "; torn last line skipped" : "")
                + (events.invalidLines().isEmpty() ? "" : "; unreadable lines " + events.invalidLines());
    }
}
