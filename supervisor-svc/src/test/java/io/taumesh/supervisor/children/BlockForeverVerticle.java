package io.taumesh.supervisor.children;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** BlockForever: once started, blocks its thread in a sleep until interrupted. */
public class BlockForeverVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        vertx.setTimer(50, t -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return Future.succeededFuture();
    }
}
