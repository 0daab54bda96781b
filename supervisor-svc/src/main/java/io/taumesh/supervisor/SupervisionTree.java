package io.taumesh.supervisor;

import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.contract.ChildLifecycle;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.SupervisorStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The children and their lives: each is started, and restarted by its policy with backoff while its
 * restart budget lasts; a child whose budget runs out is quarantined. Everything runs on the supervisor's
 * context.
 */
final class SupervisionTree {

    private static final Logger LOG = Logger.getLogger(SupervisionTree.class.getName());

    private final Vertx vertx;
    private final Context context;
    private final JsonObject nodeConfig;
    private final NodeIdentity identity;
    private final SupervisorEvents events;
    private final Map<String, ChildRecord> children = new LinkedHashMap<>();
    private final Random random = new Random();
    private SupervisorStatus status = SupervisorStatus.STARTING;

    SupervisionTree(Vertx vertx, Context context, JsonObject nodeConfig, SupervisorEvents events) {
        this.vertx = vertx;
        this.context = context;
        this.nodeConfig = nodeConfig;
        this.identity = NodeIdentity.fromConfig(nodeConfig);
        this.events = events;
    }

    /** {@code starting}, {@code ready} once every child was started once, {@code stopping} from the shutdown on. */
    SupervisorStatus status() {
        return status;
    }

    void status(SupervisorStatus next) {
        status = next;
    }

    Collection<ChildRecord> children() {
        return children.values();
    }

    Optional<ChildRecord> child(String id) {
        return Optional.ofNullable(id == null ? null : children.get(id));
    }

    int running() {
        return (int)
                children.values().stream().filter(r -> r.is(ChildState.RUNNING)).count();
    }

    Future<Void> add(ChildSpec spec) {
        ChildRecord record = new ChildRecord(spec, System.currentTimeMillis());
        children.put(spec.id(), record);
        events.child(ChildLifecycle.ADDED, record, null);
        return launch(record);
    }

    /** Starts a run of the child; a start that fails is handled as a Failed exit. */
    Future<Void> launch(ChildRecord record) {
        ChildHandle handle = record.spec.launch().kind() == ChildKind.PROCESS
                ? new ProcessChild(
                        vertx,
                        context,
                        record.spec,
                        ProcessChild.placeholders(identity.clusterName(), identity.member()),
                        identity.nodeId())
                : new VerticleChild(vertx, record.spec, nodeConfig);
        record.handle = handle;
        record.state = ChildState.STARTING;
        record.blocked = false;
        record.probeSentMs = -1;
        handle.onExit(exit -> exited(record, handle, exit));
        return handle.start().transform(ar -> {
            if (record.handle != handle) {
                return Future.succeededFuture();
            }
            if (ar.succeeded()) {
                record.state = ChildState.RUNNING;
                record.runningSinceMs = System.currentTimeMillis();
                LOG.info(() -> "child " + record.spec.id() + " started (" + handle.describe() + ")");
                events.child(ChildLifecycle.STARTED, record, null);
            } else {
                exited(
                        record,
                        handle,
                        TaskExit.of(
                                ExitKind.FAILED, "start failed: " + ar.cause().getMessage()));
            }
            return Future.succeededFuture();
        });
    }

    private void exited(ChildRecord record, ChildHandle handle, TaskExit exit) {
        if (record.handle != handle || !children.containsKey(record.spec.id())) {
            return;
        }
        if (status == SupervisorStatus.STOPPING) {
            // The host signalled every process at once (a group or cgroup stop): this child went with the rest.
            TaskExit cancelled = TaskExit.of(ExitKind.CANCELLED, "ended during shutdown, " + exit.reason());
            record.lastExit = cancelled;
            LOG.info(() -> "child " + record.spec.id() + " exited: " + cancelled.display());
            events.child(ChildLifecycle.EXITED, record, cancelled);
            return;
        }
        CrashClass crash = CrashClass.of(record.state, record.blocked, exit);
        record.lastExit = exit;
        LOG.warning(() -> "child " + record.spec.id() + " exited: " + exit.display());
        events.child(ChildLifecycle.EXITED, record, exit);
        if (record.is(ChildState.QUARANTINED)) {
            return;
        }
        if (!record.spec.restart().restartsAfter(exit)) {
            record.state = exit.abnormal() ? ChildState.FAILED : ChildState.STOPPED;
            return;
        }
        scheduleRestart(record, crash);
    }

    private void scheduleRestart(ChildRecord record, CrashClass crash) {
        long now = System.currentTimeMillis();
        // A run that lasted a good while resets the backoff; a crash loop keeps doubling it.
        if (record.ranLongEnough(now)) {
            record.consecutiveRestarts = 0;
        }
        String exhausted = record.budget.take(crash, now);
        if (exhausted != null) {
            quarantine(record, exhausted);
            return;
        }
        record.consecutiveRestarts++;
        long delay = record.spec.backoff().delay(record.consecutiveRestarts, random.nextDouble());
        record.state = ChildState.BACKOFF;
        record.restartTimer = vertx.setTimer(Math.max(1, delay), t -> {
            record.restartTimer = -1;
            if (record.is(ChildState.BACKOFF) && children.containsKey(record.spec.id())) {
                record.restartCount++;
                LOG.info(() -> "restarting child " + record.spec.id() + " after " + delay + " ms (restart "
                        + record.restartCount + ", " + record.budget.tokens(System.currentTimeMillis())
                        + " tokens left)");
                events.restartedAfterExit(record, delay, crash);
                launch(record);
            }
        });
    }

    void quarantine(ChildRecord record, String reason) {
        record.state = ChildState.QUARANTINED;
        record.quarantineReason = reason;
        cancelRestart(record);
        LOG.warning(() -> "child " + record.spec.id() + " quarantined: " + reason);
        events.child(ChildLifecycle.QUARANTINED, record, null);
    }

    private void cancelRestart(ChildRecord record) {
        if (record.restartTimer >= 0) {
            vertx.cancelTimer(record.restartTimer);
            record.restartTimer = -1;
        }
    }

    /** Ends the child's current run, if any; completes with how it ended. */
    Future<TaskExit> stopRun(ChildRecord record) {
        cancelRestart(record);
        ChildHandle handle = record.handle;
        record.handle = null;
        if (handle == null || !record.state.live()) {
            return Future.succeededFuture(TaskExit.of(ExitKind.CANCELLED, "was not running"));
        }
        if (record.blocked) {
            StarvationProbe.interruptBlocked(record);
        }
        record.state = ChildState.STOPPING;
        return handle.stop(record.spec.shutdownTimeoutMs()).onSuccess(exit -> {
            // Blocked was a property of the run that just ended.
            record.blocked = false;
            record.probeSentMs = -1;
            record.lastExit = exit;
            events.child(ChildLifecycle.EXITED, record, exit);
        });
    }

    Future<TaskExit> remove(ChildRecord record) {
        return stopRun(record).onSuccess(exit -> {
            children.remove(record.spec.id());
            events.child(ChildLifecycle.REMOVED, record, exit);
        });
    }

    /** A restart asked for (a command, self-repair), with why when the asker said. */
    Future<Void> restart(ChildRecord record, @Nullable String reason) {
        return stopRun(record).compose(exit -> launch(record)).onSuccess(v -> {
            record.restartCount++;
            events.child(ChildLifecycle.RESTARTED, record, null, reason);
        });
    }

    /** Takes a quarantined child back with a full restart budget, and starts it; {@code reason} is the operator's. */
    Future<Void> release(ChildRecord record, String reason) {
        record.quarantineReason = null;
        record.consecutiveRestarts = 0;
        record.budget.reset(System.currentTimeMillis());
        events.child(ChildLifecycle.RELEASED, record, null, reason);
        return launch(record);
    }
}
