package io.taumesh.supervisor.heartbeat;

import io.vertx.core.json.JsonObject;

/**
 * One look at a runner through {@code tau.<runtime>.status}: absent (nobody serves the address: not hosted,
 * or restarting), unresponsive (it did not answer in time), or what it said.
 */
record RunnerProbe(
        String runtime,
        Kind kind,
        String error,
        int queueDepth,
        boolean paused,
        long cycleCount,
        long lastCycleUnixMs,
        String healthState) {

    enum Kind {
        ANSWERED,
        ABSENT,
        UNRESPONSIVE
    }

    static RunnerProbe answered(String runtime, JsonObject detail) {
        JsonObject d = detail == null ? new JsonObject() : detail;
        return new RunnerProbe(
                runtime,
                Kind.ANSWERED,
                null,
                d.getInteger("queue_depth", 0),
                d.getBoolean("paused", false),
                d.getLong("cycle_count", 0L),
                d.getLong("last_cycle_unix_ms", 0L),
                d.getString("health_state"));
    }

    static RunnerProbe absent(String runtime, String error) {
        return new RunnerProbe(runtime, Kind.ABSENT, error, 0, false, 0, 0, null);
    }

    static RunnerProbe unresponsive(String runtime, String error) {
        return new RunnerProbe(runtime, Kind.UNRESPONSIVE, error, 0, false, 0, 0, null);
    }

    boolean answered() {
        return kind == Kind.ANSWERED;
    }

    /** Work waits and nothing holds it on purpose: it should be cycling. */
    boolean hasRunnableWork() {
        return answered() && queueDepth > 0 && !paused;
    }

    HeartbeatReport.Queue queue() {
        return new HeartbeatReport.Queue(runtime, answered(), error, queueDepth, paused, cycleCount, healthState);
    }
}
