package io.taumesh.supervisor.heartbeat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.ServiceStatus;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.vertx.core.json.JsonObject;

/**
 * One look at a runner through {@code tau.<runtime>.status}: absent (nobody serves the address: not hosted,
 * or restarting), unresponsive (it did not answer in time), unreadable (it answered something that is not a
 * runner's status, so nothing can be judged from it), or the status it answered.
 */
record RunnerProbe(String runtime, Kind kind, String error, RunnerStatus status) {

    enum Kind {
        ANSWERED,
        ABSENT,
        UNRESPONSIVE,
        UNREADABLE
    }

    /** Reads a status reply: the service's envelope, and the runner's status as its {@code detail}. */
    static RunnerProbe answered(String runtime, JsonObject reply) {
        try {
            ServiceStatus envelope = MeshJson.fromJson(reply, ServiceStatus.class);
            JsonObject detail = envelope.detail() == null ? null : new JsonObject(envelope.detail());
            return new RunnerProbe(runtime, Kind.ANSWERED, null, MeshJson.fromJson(detail, RunnerStatus.class));
        } catch (FieldError | IllegalArgumentException e) {
            return new RunnerProbe(
                    runtime, Kind.UNREADABLE, "its status does not read as a runner's: " + e.getMessage(), null);
        }
    }

    static RunnerProbe absent(String runtime, String error) {
        return new RunnerProbe(runtime, Kind.ABSENT, error, null);
    }

    static RunnerProbe unresponsive(String runtime, String error) {
        return new RunnerProbe(runtime, Kind.UNRESPONSIVE, error, null);
    }

    boolean answered() {
        return kind == Kind.ANSWERED;
    }

    int queueDepth() {
        return answered() ? status.progress().queue().queueDepth() : 0;
    }

    boolean paused() {
        return answered() && status.progress().queue().paused();
    }

    long cycleCount() {
        return answered() ? status.progress().cycleCount() : 0;
    }

    long lastCycleUnixMs() {
        return answered() ? status.progress().recent().lastCycleUnixMs() : 0;
    }

    /** Work waits and nothing holds it on purpose: it should be cycling. */
    boolean hasRunnableWork() {
        return answered() && queueDepth() > 0 && !paused();
    }

    HeartbeatReport.Queue queue() {
        return new HeartbeatReport.Queue(
                runtime,
                answered(),
                error,
                queueDepth(),
                paused(),
                cycleCount(),
                answered() ? status.standing().health().state().wire() : null);
    }
}
