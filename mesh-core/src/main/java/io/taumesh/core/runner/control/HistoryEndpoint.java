package io.taumesh.core.runner.control;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.runner.storage.DecisionLog;
import io.taumesh.core.runner.storage.HistoryQuery;
import io.taumesh.core.runner.storage.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Serves {@code tau.<runtime>.history}: {@code {"window": "5m" | "1h" | "24h", "points": n}} answers a {@code
 * HistoryWindow} of the runtime's committed cycles, read from its event log on a worker, one query at a time, with
 * the latest gate decision recorded ({@code decisions.jsonl}).
 */
final class HistoryEndpoint {

    /** The windows a page offers, by name. */
    static final Map<String, Long> WINDOWS = Map.of("5m", 300_000L, "1h", 3_600_000L, "24h", 86_400_000L);

    static final int DEFAULT_POINTS = 120;
    static final int MAX_POINTS = 1440;

    private final Vertx vertx;
    private final MeshService runtime;
    private final HistoryQuery query;
    private final DecisionLog decisions;

    HistoryEndpoint(Vertx vertx, MeshService runtime, StateStore store) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.query = new HistoryQuery(store.events());
        this.decisions = store.decisions();
    }

    Future<Void> serve() {
        return vertx.eventBus()
                .<Object>consumer(Addresses.history(runtime), this::answer)
                .completion();
    }

    private void answer(Message<Object> msg) {
        JsonObject body = msg.body() instanceof JsonObject json ? json : new JsonObject();
        Object window = body.getValue("window", "1h");
        Long windowMs = window instanceof String name ? WINDOWS.get(name) : null;
        if (windowMs == null) {
            msg.fail(400, "window: must be one of 5m, 1h, 24h, got " + window);
            return;
        }
        Object points = body.getValue("points", DEFAULT_POINTS);
        if (!(points instanceof Integer n) || n < 1 || n > MAX_POINTS) {
            msg.fail(400, "points: must be an integer from 1 to " + MAX_POINTS + ", got " + points);
            return;
        }
        long now = System.currentTimeMillis();
        // Ordered: one query of this runtime at a time on the workers, however many pages ask.
        vertx.executeBlocking(
                        () -> query.window(runtime.id(), now, windowMs, n)
                                .withDecision(decisions.latest().orElse(null)),
                        true)
                .onSuccess(answer -> MeshBus.reply(msg, answer))
                .onFailure(err -> msg.fail(500, "history not read: " + err.getMessage()));
    }
}
