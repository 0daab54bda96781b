package io.taumesh.supervisor.heartbeat;

import java.time.Instant;

/**
 * Self-repair's memory of one runner. A runner makes progress when it commits a cycle, or has nothing it
 * should run (an empty queue, or paused on purpose). One that has work and makes no progress for the timeout
 * is stuck: it is restarted, and each restart gives it the timeout again, up to the retry limit; then
 * self-repair gives up on it, visibly, until it makes progress again. A runner that does not answer its
 * status at all (its event loop is held) makes no progress either; one that is absent (not hosted, or being
 * restarted) is waited for.
 */
final class RunnerWatch {

    /** What to do about the runner now. */
    enum Action {
        NONE,
        RESTART,
        GIVE_UP
    }

    private final String runtime;
    private long lastCycleCount = -1;
    private long lastProgressMs = -1;
    private long deadlineBaseMs = -1;
    private boolean stuck;
    private int restarts;
    private boolean gaveUp;
    private long repairedTotal;
    private String lastAction;
    private long lastActionMs = -1;
    private String note;

    RunnerWatch(String runtime) {
        this.runtime = runtime;
    }

    String runtime() {
        return runtime;
    }

    Action observe(long now, RunnerProbe probe, SelfRepairSettings settings) {
        if (probe.kind() == RunnerProbe.Kind.ABSENT || probe.kind() == RunnerProbe.Kind.UNREADABLE) {
            return Action.NONE; // nothing to judge: not hosted here, or an answer that says nothing of its work
        }
        if (lastProgressMs < 0) {
            lastProgressMs = now;
            deadlineBaseMs = now;
            lastCycleCount = probe.cycleCount();
        }
        boolean cycled = probe.answered() && probe.cycleCount() != lastCycleCount;
        boolean nothingToRun = probe.answered() && !probe.hasRunnableWork();
        if (cycled || nothingToRun) {
            progressed(now, probe, cycled);
            return Action.NONE;
        }
        if (now - deadlineBaseMs < settings.timeoutMs()) {
            return Action.NONE;
        }
        stuck = true;
        String why = probe.answered()
                ? probe.queueDepth() + " case(s) queued, no cycle for " + (now - lastProgressMs) + " ms"
                : "no answer to its status for " + (now - lastProgressMs) + " ms";
        if (!settings.enabled()) {
            note = "stuck: " + why + " (self-repair is off)";
            return Action.NONE;
        }
        if (restarts < settings.maxRetries()) {
            restarts++;
            deadlineBaseMs = now;
            lastAction = "restart";
            lastActionMs = now;
            note = "stuck: " + why + "; restart " + restarts + " of " + settings.maxRetries();
            return Action.RESTART;
        }
        if (!gaveUp) {
            gaveUp = true;
            lastAction = "give_up";
            lastActionMs = now;
            note = "gave up after " + restarts + " restart" + (restarts == 1 ? "" : "s") + ": " + why;
            return Action.GIVE_UP;
        }
        return Action.NONE;
    }

    /** The runner cycled, or has nothing to run: not stuck, and repaired if it was being repaired. */
    private void progressed(long now, RunnerProbe probe, boolean cycled) {
        if (restarts > 0 || gaveUp) {
            repairedTotal++;
            note = "repaired: " + (cycled ? "cycling again" : "nothing left to run") + " after " + restarts + " restart"
                    + (restarts == 1 ? "" : "s");
        }
        lastCycleCount = probe.answered() ? probe.cycleCount() : lastCycleCount;
        lastProgressMs = now;
        deadlineBaseMs = now;
        stuck = false;
        restarts = 0;
        gaveUp = false;
    }

    /** Self-repair cannot act on this runner at all (no supervisor child to restart): it gives up at once. */
    void cannotRepair(long now, String reason) {
        gaveUp = true;
        lastAction = "give_up";
        lastActionMs = now;
        note = "gave up: " + reason;
    }

    /** The supervisor's answer to a restart asked for. */
    void restartAnswered(String answer) {
        note = note + "; supervisor: " + answer;
    }

    boolean stuck() {
        return stuck;
    }

    boolean gaveUp() {
        return gaveUp;
    }

    String note() {
        return note;
    }

    HeartbeatReport.RunnerRepair report(long now) {
        return new HeartbeatReport.RunnerRepair(
                runtime,
                stuck,
                stuck && lastProgressMs >= 0 ? now - lastProgressMs : 0,
                restarts,
                gaveUp,
                repairedTotal,
                lastAction,
                lastActionMs < 0 ? null : Instant.ofEpochMilli(lastActionMs).toString(),
                note);
    }
}
