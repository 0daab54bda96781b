package io.taumesh.supervisor;

import io.taumesh.core.bus.message.SupervisorCommandResult;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.SupervisorStatus;
import io.taumesh.core.metrics.MeshMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The supervisor, assembled: the supervision tree of its config, the control loop with its starvation
 * probe, the commands it answers, its shutdown phases and its reports. Everything runs on the supervisor's
 * context.
 */
final class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());

    private final SupervisionConfig config;
    private final SupervisionTree tree;
    private final ControlLoop loop;
    private final SupervisorCommands commands;
    private final ShutdownSequence shutdown;
    private final SupervisorReports reports;
    private final SupervisorMetrics metrics;

    Supervisor(Vertx vertx, Context context, SupervisionConfig config, JsonObject nodeConfig) {
        this.config = config;
        this.metrics = new SupervisorMetrics(MeshMetrics.of(vertx), config.controlLoopIntervalMs());
        SupervisorEvents events = new SupervisorEvents(vertx, metrics);
        this.tree = new SupervisionTree(vertx, context, nodeConfig, events);
        this.loop = new ControlLoop(
                vertx,
                tree,
                new StarvationProbe(context, config.starvationThresholdMs(), events),
                config.controlLoopIntervalMs());
        this.shutdown = new ShutdownSequence(tree, events, loop::stop);
        this.commands = new SupervisorCommands(tree, () -> shutdown.run());
        this.reports = new SupervisorReports(tree, loop, config.dashboardLinkTimeoutMs());
        loop.afterTick(() -> metrics.refresh(tree.children(), reports.health()));
    }

    /** Starts the control loop and every child, in order; completes when each child has been started once. */
    Future<Void> start() {
        loop.start();
        Future<Void> chain = Future.succeededFuture();
        for (ChildSpec spec : config.children()) {
            chain = chain.compose(v -> tree.add(spec));
        }
        return chain.onComplete(done -> {
            tree.status(SupervisorStatus.READY);
            LOG.info(() -> "supervisor ready: children "
                    + String.join(
                            ", ", tree.children().stream().map(r -> r.spec.id()).toList()) + " (" + tree.running()
                    + " of " + tree.children().size() + " running)");
        });
    }

    Future<SupervisorCommandResult> command(JsonObject body) {
        return commands.apply(body);
    }

    Future<Void> shutdown() {
        return shutdown.run();
    }

    /** Takes the supervisor's gauges off the node's registry, once it has shut down. */
    void closeMetrics() {
        metrics.close();
    }

    SupervisorViews.State state() {
        return reports.state();
    }

    SupervisorViews.Health health() {
        return reports.health();
    }

    void linkHeartbeat() {
        reports.linkHeartbeat();
    }

    /** Something went uncaught in a context; if it is a child's, that child panicked. */
    void uncaught(String deploymentId, Throwable error) {
        for (ChildRecord record : tree.children()) {
            if (record.handle instanceof VerticleChild v
                    && deploymentId != null
                    && deploymentId.equals(v.deploymentId())) {
                String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
                v.panicked(TaskExit.of(ExitKind.PANICKED, message));
                return;
            }
        }
        // Not a child's: a fault of the node itself, reported whole so that it can be traced to its cause.
        LOG.log(Level.WARNING, error, () -> "uncaught exception outside any child: " + error);
    }
}
