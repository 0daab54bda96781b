package io.taumesh.core.runner.storage;

import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.RunnerState;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A runner's {@code decisions.jsonl}: each gate verdict as it changes (verdict, reason code, breaches or policy), with
 * the inputs it was taken on ({@link GateDecision}). Append-only and forced like the runtime events, rolling and kept
 * by the same retention; a torn last line is left out when read. Written after the cycle's event line, so a crash
 * between the two records the verdict at the next cycle. Blocking throughout.
 */
public final class DecisionLog {

    public static final String FILE = "decisions.jsonl";
    /** How far back in the runtime events the cycles of a failure streak are looked for. */
    static final int STREAK_LOOKBACK = 256;

    private final ChangeLog<GateDecision> log;
    private final SegmentedLog events;

    DecisionLog(Path dir, LogRetention retention, StateFs fs, SegmentedLog events) {
        this.log = new ChangeLog<>(
                new SegmentedLog(dir.resolve(FILE), retention, fs), GateDecision.class, GateDecision::sameVerdict);
        this.events = events;
    }

    /** Reads a state dir's decisions, nothing written (an offline reader's). */
    public static DecisionLog reader(Path dir) {
        return new DecisionLog(
                dir,
                LogRetention.DEFAULT,
                StateFs.DISK,
                new SegmentedLog(dir.resolve(StateStore.EVENTS), LogRetention.DEFAULT));
    }

    /**
     * Appends {@code decision}, with the cycles of its failure streak, when its verdict differs from the last one
     * recorded; returns whether it did.
     */
    public boolean record(GateDecision decision) throws IOException {
        if (!log.differsFromLast(decision)) {
            return false;
        }
        log.append(decision.withStreak(streakCycles(decision.inputs().failureStreak())));
        return true;
    }

    /**
     * Appends an operator's reset of the failure streak ({@link GateDecision#STREAK_RESET}) with the gate it left, so
     * that a replay of the history clears the streak where the runner did.
     */
    public void recordReset(RunnerState after, long atUnixMs) throws IOException {
        RolloutPolicy.Decision gate = after.standing().rollout();
        GateDecision reset = new GateDecision(
                new GateDecision.Taken(
                        after.runtime() + ":" + GateDecision.STREAK_RESET + ":" + after.cycleCount() + "@" + atUnixMs,
                        GateDecision.STREAK_RESET,
                        after.runtime(),
                        after.cycleCount(),
                        Instant.ofEpochMilli(atUnixMs).toString(),
                        atUnixMs),
                GateDecision.Outcome.of(gate),
                false,
                new GateDecision.Inputs(
                        after.standing().health().state(),
                        after.standing().health().reason(),
                        0,
                        after.latest().recent().lastCycleFailed(),
                        after.latest().recent().lastRetryableFailures(),
                        after.queue().queueDepth(),
                        GateWindow.of(after.standing().rolloutPolicy())
                                .freshSamples(after.latest().gateSamplesUnixMs(), atUnixMs)),
                List.of(),
                new GateDecision.PolicyUsed(
                        after.standing().rolloutPolicy(),
                        GateDecision.version(new JsonObject(after.standing().rolloutPolicy()))),
                List.of("an operator reset the failure streak to 0 after cycle " + after.cycleCount()));
        log.append(reset);
    }

    /** The last decision recorded, if any. */
    public Optional<GateDecision> latest() throws IOException {
        return log.latest();
    }

    /** Every decision recorded and kept, oldest first. */
    public List<GateDecision> all() throws IOException {
        return log.all();
    }

    /**
     * The cycles of the current failure streak of {@code streak}, oldest first, read from the runtime events' tail:
     * walking back, every cycle that ran cases and failed one, up to the first that ran cases and failed none. Cycles
     * that ran no case are no samples and are passed over. Fewer than {@code streak} when the rest rolled away.
     */
    public List<Long> streakCycles(int streak) throws IOException {
        if (streak <= 0) {
            return List.of();
        }
        List<JsonObject> reports = events.tail(STREAK_LOOKBACK).lines();
        List<Long> ids = new ArrayList<>();
        for (int i = reports.size() - 1; i >= 0 && ids.size() < streak; i--) {
            JsonObject counts = reports.get(i).getJsonObject("counts", new JsonObject());
            int failed = counts.getInteger("failed", 0);
            if (failed + counts.getInteger("succeeded", 0) == 0) {
                continue;
            }
            if (failed == 0) {
                break;
            }
            ids.add(reports.get(i).getLong("cycle_id"));
        }
        Collections.reverse(ids);
        return ids;
    }
}
