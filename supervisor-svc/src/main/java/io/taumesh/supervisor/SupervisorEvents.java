package io.taumesh.supervisor;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.ChildEvent;
import io.taumesh.core.bus.message.ShutdownPhaseEvent;
import io.taumesh.core.contract.ChildLifecycle;
import io.vertx.core.Vertx;

/** What the supervisor publishes on {@code tau.supervisor.events}: child lifecycle events and shutdown phases. */
final class SupervisorEvents {

    private final Vertx vertx;
    private final SupervisorMetrics metrics;

    SupervisorEvents(Vertx vertx, SupervisorMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** {@code added}, {@code started}, {@code exited}, {@code restarted}, {@code quarantined}, ... of one child. */
    void child(ChildLifecycle event, ChildRecord record, TaskExit exit) {
        child(event, record, exit, null);
    }

    /** A child's event with the operator's reason for it (a release's). */
    void child(ChildLifecycle event, ChildRecord record, TaskExit exit, String operatorReason) {
        publish(event, record, exit, operatorReason, new ChildEvent.Restarts(record.restartCount, tokens(record)));
    }

    /** A restart the supervisor decided on after an exit of class {@code crash}, once its backoff of {@code delayMs} is over. */
    void restartedAfterExit(ChildRecord record, long delayMs, CrashClass crash) {
        metrics.restartedAfter(record, crash);
        publish(
                ChildLifecycle.RESTARTED,
                record,
                null,
                null,
                new ChildEvent.Restarts(record.restartCount, tokens(record), delayMs, crash.wire()));
    }

    private static int tokens(ChildRecord record) {
        return record.budget.tokens(System.currentTimeMillis());
    }

    private void publish(
            ChildLifecycle event,
            ChildRecord record,
            TaskExit exit,
            String operatorReason,
            ChildEvent.Restarts restarts) {
        metrics.childEvent(event, record, exit);
        ChildEvent e = ChildEvent.now(
                event,
                record.spec.id(),
                record.state,
                restarts,
                TaskExit.view(exit),
                record.quarantineReason,
                operatorReason);
        vertx.eventBus().publish(Addresses.SUPERVISOR_EVENTS, MeshJson.toJson(e));
    }

    void phase(String phase) {
        vertx.eventBus().publish(Addresses.SUPERVISOR_EVENTS, MeshJson.toJson(ShutdownPhaseEvent.now(phase)));
    }
}
