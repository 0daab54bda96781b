package io.taumesh.core.runner.engine;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Runs a runner's state-changing work (cycles, state changes, records from outside) one piece at a time, in the
 * order it was asked for, on the runner's context. A piece waits for the one in progress, whether that succeeds
 * or fails, and then starts from what it left.
 */
final class SerialWork {

    private boolean busy;
    private Future<Void> current = Future.succeededFuture();

    /** Whether a piece is in progress. */
    boolean busy() {
        return busy;
    }

    /** Starts {@code work} now if nothing is in progress, else once what is in progress has completed. */
    <T> Future<T> submit(Supplier<Future<T>> work) {
        if (busy) {
            return current.transform(previous -> submit(work));
        }
        busy = true;
        Future<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        current = started.<Void>mapEmpty().otherwiseEmpty().onComplete(done -> busy = false);
        return started;
    }

    /** Completes once the piece in progress (if any) has completed. */
    Future<Void> idle() {
        return current;
    }
}
