package io.taumesh.supervisor.children;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A child that throws from a handler shortly after start: TaskExit::Panicked. */
public class PanickingVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        vertx.setTimer(50, t -> {
            throw new IllegalStateException("boom in a timer handler");
        });
        return Future.succeededFuture();
    }
}
