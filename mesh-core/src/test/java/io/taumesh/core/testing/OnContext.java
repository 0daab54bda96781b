package io.taumesh.core.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs work on one Vert.x context and waits for it: for code that must stay on the context it started on. */
public final class OnContext {

    private final Context context;

    public OnContext(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
    }

    public <T> T await(Supplier<Future<T>> work) throws Exception {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future().await(60, TimeUnit.SECONDS);
    }
}
