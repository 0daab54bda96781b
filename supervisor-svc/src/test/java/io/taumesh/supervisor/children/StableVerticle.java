package io.taumesh.supervisor.children;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A child that starts and keeps running. */
public class StableVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        return Future.succeededFuture();
    }
}
