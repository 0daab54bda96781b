package io.taumesh.supervisor;

import io.taumesh.core.contract.ExitKind;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * A child deployed in this JVM by class name. It ends by undeploying itself (Completed), by failing to
 * start (Failed) or by an uncaught exception (Panicked, reported by the supervisor's exception handler).
 * It is deployed inside a thin {@link Deployable} that keeps the context Vert.x gives it, so that the
 * supervisor can probe that context for starvation.
 */
final class VerticleChild implements ChildHandle {

    private final Vertx vertx;
    private final ChildSpec spec;
    private final JsonObject nodeConfig;
    private Consumer<TaskExit> exitHandler = e -> {};
    private volatile Context context;
    private String deploymentId;
    private boolean ended;
    private boolean panicking;

    VerticleChild(Vertx vertx, ChildSpec spec, JsonObject nodeConfig) {
        this.vertx = vertx;
        this.spec = spec;
        this.nodeConfig = nodeConfig;
    }

    @Override
    public Future<Void> start() {
        Deployable child;
        try {
            Object created = Class.forName(spec.launch().target())
                    .getDeclaredConstructor()
                    .newInstance();
            if (!(created instanceof Deployable deployable)) {
                return Future.failedFuture(spec.launch().target() + " is not a verticle (io.vertx.core.Deployable)");
            }
            child = deployable;
        } catch (ClassNotFoundException e) {
            return Future.failedFuture("class " + spec.launch().target() + " not found");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture("cannot create " + spec.launch().target() + ": " + e);
        }
        Deployable watched = new Deployable() {
            @Override
            public Future<?> deploy(Context given) throws Exception {
                context = given;
                return child.deploy(given);
            }

            @Override
            public Future<?> undeploy(Context given) throws Exception {
                return child.undeploy(given);
            }
        };
        DeploymentOptions options = new DeploymentOptions()
                .setConfig(spec.config().copy().mergeIn(nodeConfig))
                .setThreadingModel(spec.threading().model());
        return vertx.deployVerticle(watched, options)
                .onSuccess(id -> deploymentId = id)
                .mapEmpty();
    }

    String deploymentId() {
        return deploymentId;
    }

    /** The context the child was deployed on, to probe whether it still runs tasks; null before it is deployed. */
    Context context() {
        return context;
    }

    @Override
    public void onExit(Consumer<TaskExit> handler) {
        this.exitHandler = handler;
    }

    /** The supervisor saw this child's deployment end by itself (not while it undeploys a panicked child). */
    void ended(TaskExit exit) {
        if (!ended && !panicking) {
            end(exit);
        }
    }

    private void end(TaskExit exit) {
        ended = true;
        exitHandler.accept(exit);
    }

    /**
     * An exception escaped one of the child's handlers: it is undeployed, and its run ends as Panicked once it
     * is gone (the control loop, which sees the deployment vanish first, must not call that a Completed exit).
     */
    void panicked(TaskExit exit) {
        if (ended || panicking) {
            return;
        }
        panicking = true;
        vertx.undeploy(deploymentId).onComplete(done -> end(exit));
    }

    @Override
    public Future<TaskExit> stop(long timeoutMs) {
        ended = true;
        if (deploymentId == null || !vertx.deploymentIDs().contains(deploymentId)) {
            return Future.succeededFuture(TaskExit.of(ExitKind.CANCELLED, "was not running"));
        }
        Future<TaskExit> undeployed = vertx.undeploy(deploymentId)
                .map(v -> TaskExit.of(ExitKind.CANCELLED, "stopped by the supervisor"))
                .otherwise(err -> TaskExit.of(
                        ExitKind.CANCELLED, "stopped by the supervisor; its stop failed: " + err.getMessage()));
        Future<TaskExit> timeout = vertx.timer(Math.max(1, timeoutMs))
                .map(t -> TaskExit.of(
                        ExitKind.CANCELLED,
                        "ignored cancellation: still stopping after " + timeoutMs + " ms, abandoned"));
        return Future.any(undeployed, timeout)
                .map(any -> undeployed.isComplete() ? undeployed.result() : timeout.result());
    }

    @Override
    public String describe() {
        return deploymentId == null ? "not deployed" : "deployment " + deploymentId;
    }
}
