package io.taumesh.supervisor.children;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A child that finishes its work shortly after start and undeploys itself: TaskExit::Completed. */
public class CompletingVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        vertx.setTimer(100, t -> vertx.undeploy(deploymentID()));
        return Future.succeededFuture();
    }
}
