package io.taumesh.supervisor.children;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.RecentCycle;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.List;
import java.util.Map;

/**
 * A runner as the heartbeat sees it: it answers {@code tau.<runtime>.status} as a runner does (a whole
 * {@link RunnerStatus} under {@code detail}) with three cases queued. It never cycles (a stuck runner), unless it
 * is the {@code cycles_from_start}-th start of that runtime or later; then it runs a cycle every 50 ms, publishing
 * each on {@code tau.<runtime>.events}, until its queue is empty. {@code paused} holds it on purpose. Its starts
 * and cycles are counted across restarts, in the Vert.x instance. {@code unreadable} makes it answer a status
 * whose detail is not a runner's (a queue depth alone), as a service of another build might.
 */
public class FakeRunnerVerticle extends VerticleBase {

    private static final RolloutPolicy ALWAYS_PASS = GateWindow.DEFAULT.over(new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            return new Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of());
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "always_pass");
        }
    });

    private MeshService runtime;
    private boolean paused;
    private int queue = 3;
    private long lastCycleMs;
    private LocalMap<String, Long> cycles;

    @Override
    public Future<?> start() {
        runtime = MeshService.byId(config().getString("runtime", "gateway")).orElseThrow();
        paused = config().getBoolean("paused", false);
        int cyclesFromStart = config().getInteger("cycles_from_start", 0);
        LocalMap<String, Integer> starts = vertx.sharedData().getLocalMap("fake-runner-starts");
        cycles = vertx.sharedData().getLocalMap("fake-runner-cycles");
        int start = starts.getOrDefault(runtime.id(), 0) + 1;
        starts.put(runtime.id(), start);
        if (cyclesFromStart > 0 && start >= cyclesFromStart && !paused) {
            vertx.setPeriodic(50, id -> cycle());
        }
        NodeIdentity node = new NodeIdentity("fake-node", "fake-member", "fake-cluster");
        if (config().getBoolean("unreadable", false)) {
            return StatusEndpoint.serve(vertx, runtime, node, "running", () -> Map.of("queue_depth", queue));
        }
        return StatusEndpoint.serve(
                vertx, runtime, node, "running", () -> MeshJson.toJson(status()).getMap());
    }

    private void cycle() {
        if (queue == 0) {
            return;
        }
        queue--;
        long count = cycles.getOrDefault(runtime.id(), 0L) + 1;
        cycles.put(runtime.id(), count);
        lastCycleMs = System.currentTimeMillis();
        vertx.eventBus().publish(Addresses.events(runtime), new JsonObject().put("cycle_id", count));
    }

    private RunnerStatus status() {
        RunnerState initial = RunnerState.initial(runtime.id(), 10, ALWAYS_PASS).withPaused(paused);
        RunnerState state = new RunnerState(
                initial.schemaVersion(),
                initial.runtime(),
                cycles.getOrDefault(runtime.id(), 0L),
                initial.standing(),
                new RunnerState.Latest(new RecentCycle(0, 0, 0, null, lastCycleMs, 0), null, List.of()),
                initial.queue(),
                initial.tallies(),
                initial.fixtureCursors());
        RunnerStatus.EventLog log = new RunnerStatus.EventLog("fake/runtime-events.jsonl", 0, 0, false, List.of(), 0);
        return RunnerStatus.of("fake", state, queue, log, List.of());
    }
}
