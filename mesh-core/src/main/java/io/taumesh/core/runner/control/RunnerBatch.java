package io.taumesh.core.runner.control;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Consumer;

/** Runs cycles back to back until the queue is drained (or a bound is hit): the foreground contract runner. */
public final class RunnerBatch {

    private RunnerBatch() {}

    /**
     * Completes with the number of cycles run. Each cycle shares one correlation, so that every event of the
     * run carries the same {@code x-request-id}.
     */
    public static Future<Integer> drain(
            ContractRunner runner, int maxCycles, Correlation correlation, Consumer<CycleReport> progress) {
        Promise<Integer> done = Promise.promise();
        step(runner, maxCycles, 0, correlation, progress, done);
        return done.future();
    }

    private static void step(
            ContractRunner runner,
            int maxCycles,
            int ran,
            Correlation correlation,
            Consumer<CycleReport> progress,
            Promise<Integer> done) {
        if (ran >= maxCycles || runner.queueDepth() == 0) {
            done.complete(ran);
            return;
        }
        runner.runCycle("batch", correlation.nextHop()).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            if (ar.result() != null) {
                progress.accept(ar.result());
            }
            step(runner, maxCycles, ran + 1, correlation, progress, done);
        });
    }
}
