package io.taumesh.supervisor.children;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A child whose start always fails: TaskExit::Failed. */
public class FailingStartVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        return Future.failedFuture("database unreachable");
    }
}
