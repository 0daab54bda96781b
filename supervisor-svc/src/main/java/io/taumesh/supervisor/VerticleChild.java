package io.taumesh.supervisor;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * A child deployed in this JVM by class name. It ends by undeploying itself (Completed), by failing to
 * start (Failed) or by an uncaught exception (Panicked, reported by the supervisor's exception handler).
 */
final class VerticleChild implements ChildHandle {

  private final Vertx vertx;
  private final ChildSpec spec;
  private final JsonObject nodeConfig;
  private Consumer<TaskExit> exitHandler = e -> { };
  private Deployable instance;
  private String deploymentId;
  private boolean ended;

  VerticleChild(Vertx vertx, ChildSpec spec, JsonObject nodeConfig) {
    this.vertx = vertx;
    this.spec = spec;
    this.nodeConfig = nodeConfig;
  }

  @Override
  public Future<Void> start() {
    try {
      Object created = Class.forName(spec.target()).getDeclaredConstructor().newInstance();
      if (!(created instanceof Deployable deployable)) {
        return Future.failedFuture(spec.target() + " is not a verticle (io.vertx.core.Deployable)");
      }
      instance = deployable;
    } catch (ClassNotFoundException e) {
      return Future.failedFuture("class " + spec.target() + " not found");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Future.failedFuture("cannot create " + spec.target() + ": " + e);
    }
    DeploymentOptions options = new DeploymentOptions().setConfig(spec.config().copy().mergeIn(nodeConfig))
        .setThreadingModel(spec.threading().equals("worker") ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP);
    return vertx.deployVerticle(instance, options).onSuccess(id -> deploymentId = id).mapEmpty();
  }

  String deploymentId() {
    return deploymentId;
  }

  /**
   * The child's context, to probe whether it still runs tasks. Vert.x keeps it in a protected field of
   * {@link VerticleBase}; a child that is not a VerticleBase cannot be probed.
   */
  Context context() {
    if (!(instance instanceof VerticleBase)) {
      return null;
    }
    try {
      Field field = VerticleBase.class.getDeclaredField("context");
      field.setAccessible(true);
      return (Context) field.get(instance);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void onExit(Consumer<TaskExit> handler) {
    this.exitHandler = handler;
  }

  /** The supervisor saw this child's deployment end (gone from the deployments, or panicked). */
  void ended(TaskExit exit) {
    if (!ended) {
      ended = true;
      exitHandler.accept(exit);
    }
  }

  @Override
  public Future<TaskExit> stop(long timeoutMs) {
    ended = true;
    if (deploymentId == null || !vertx.deploymentIDs().contains(deploymentId)) {
      return Future.succeededFuture(TaskExit.of(TaskExit.CANCELLED, "was not running"));
    }
    Future<TaskExit> undeployed = vertx.undeploy(deploymentId)
        .map(v -> TaskExit.of(TaskExit.CANCELLED, "stopped by the supervisor"))
        .otherwise(err -> TaskExit.of(TaskExit.CANCELLED, "stopped by the supervisor; its stop failed: " + err.getMessage()));
    Future<TaskExit> timeout = vertx.timer(Math.max(1, timeoutMs))
        .map(t -> TaskExit.of(TaskExit.CANCELLED, "ignored cancellation: still stopping after " + timeoutMs + " ms, abandoned"));
    return Future.any(undeployed, timeout).map(any -> undeployed.isComplete() ? undeployed.result() : timeout.result());
  }

  @Override
  public String describe() {
    return deploymentId == null ? "not deployed" : "deployment " + deploymentId;
  }
}
