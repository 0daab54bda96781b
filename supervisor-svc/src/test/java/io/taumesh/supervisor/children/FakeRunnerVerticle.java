package io.taumesh.supervisor.children;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

/**
 * A runner as the heartbeat sees it: it answers {@code tau.<runtime>.status} with three cases queued. It never
 * cycles (a stuck runner), unless it is the {@code cycles_from_start}-th start of that runtime or later; then
 * it runs a cycle every 50 ms, publishing each on {@code tau.<runtime>.events}, until its queue is empty.
 * {@code paused} holds it on purpose. Its starts and cycles are counted across restarts, in the Vert.x instance.
 */
public class FakeRunnerVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        MeshService runtime =
                MeshService.byId(config().getString("runtime", "gateway")).orElseThrow();
        boolean paused = config().getBoolean("paused", false);
        int cyclesFromStart = config().getInteger("cycles_from_start", 0);
        LocalMap<String, Integer> starts = vertx.sharedData().getLocalMap("fake-runner-starts");
        LocalMap<String, Long> cycles = vertx.sharedData().getLocalMap("fake-runner-cycles");
        int start = starts.getOrDefault(runtime.id(), 0) + 1;
        starts.put(runtime.id(), start);
        int[] queue = {3};
        long[] lastCycleMs = {0};
        if (cyclesFromStart > 0 && start >= cyclesFromStart && !paused) {
            vertx.setPeriodic(50, id -> {
                if (queue[0] == 0) {
                    return;
                }
                queue[0]--;
                long count = cycles.getOrDefault(runtime.id(), 0L) + 1;
                cycles.put(runtime.id(), count);
                lastCycleMs[0] = System.currentTimeMillis();
                vertx.eventBus().publish(Addresses.events(runtime), new JsonObject().put("cycle_id", count));
            });
        }
        return vertx.eventBus()
                .<JsonObject>consumer(
                        runtime.statusAddress(),
                        msg -> msg.reply(new JsonObject()
                                .put("schema_version", 1)
                                .put("service", runtime.id())
                                .put(
                                        "detail",
                                        new JsonObject()
                                                .put("queue_depth", queue[0])
                                                .put("paused", paused)
                                                .put("cycle_count", cycles.getOrDefault(runtime.id(), 0L))
                                                .put("last_cycle_unix_ms", lastCycleMs[0])
                                                .put("health_state", "healthy"))))
                .completion();
    }
}
