package io.taumesh.supervisor;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** What the supervisor publishes on {@code tau.supervisor.events}: child lifecycle events and shutdown phases. */
final class SupervisorEvents {

    private final Vertx vertx;
    private final SupervisorMetrics metrics;

    SupervisorEvents(Vertx vertx, SupervisorMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** {@code added}, {@code started}, {@code exited}, {@code restarted}, {@code quarantined}, ... of one child. */
    void child(String event, ChildRecord record, TaskExit exit) {
        metrics.childEvent(event, record, exit);
        JsonObject e = new JsonObject()
                .put("schema_version", MeshMessage.SCHEMA_VERSION)
                .put("event", event)
                .put("child_id", record.spec.id())
                .put("state", record.state.wire())
                .put("restart_count", record.restartCount)
                .put("restart_budget_tokens", record.budget.tokens(System.currentTimeMillis()))
                .put("at", Instant.now().toString());
        if (exit != null) {
            e.put("exit", MeshJson.toJson(SupervisorViews.Exit.of(exit)));
        }
        if (record.quarantineReason != null) {
            e.put("quarantine_reason", record.quarantineReason);
        }
        vertx.eventBus().publish(Addresses.SUPERVISOR_EVENTS, e);
    }

    void phase(String phase) {
        vertx.eventBus()
                .publish(
                        Addresses.SUPERVISOR_EVENTS,
                        new JsonObject()
                                .put("schema_version", MeshMessage.SCHEMA_VERSION)
                                .put("event", "shutdown_phase")
                                .put("phase", phase)
                                .put("at", Instant.now().toString()));
    }
}
