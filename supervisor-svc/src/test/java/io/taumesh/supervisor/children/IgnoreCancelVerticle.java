package io.taumesh.supervisor.children;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

/** IgnoreCancel: runs, but never finishes stopping when asked to. */
public class IgnoreCancelVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return Promise.promise().future();
    }
}
