package io.taumesh.supervisor;

import io.taumesh.core.contract.SupervisorStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * The supervisor's shutdown in named phases (runbook 002): {@code ShutdownPhase::StopAcceptingCommands},
 * {@code ::StoppingChildren} (in reverse start order, each within its timeout), then {@code ::Completed}.
 */
final class ShutdownSequence {

    private static final Logger LOG = Logger.getLogger(ShutdownSequence.class.getName());

    private final SupervisionTree tree;
    private final SupervisorEvents events;
    private final Runnable afterChildren;
    private Future<Void> running;

    ShutdownSequence(SupervisionTree tree, SupervisorEvents events, Runnable afterChildren) {
        this.tree = tree;
        this.events = events;
        this.afterChildren = afterChildren;
    }

    /** Runs once; later calls get the same future. */
    Future<Void> run() {
        if (running != null) {
            return running;
        }
        tree.status(SupervisorStatus.STOPPING);
        phase("StopAcceptingCommands");
        phase("StoppingChildren");
        List<ChildRecord> reverse = new ArrayList<>(tree.children());
        Collections.reverse(reverse);
        Future<Void> chain = Future.succeededFuture();
        for (ChildRecord record : reverse) {
            chain = chain.compose(v -> tree.stopRun(record).map(exit -> {
                LOG.info(() -> "child " + record.spec.id() + " stopped: " + exit.display());
                return null;
            }));
        }
        Promise<Void> done = Promise.promise();
        chain.onComplete(v -> {
            afterChildren.run();
            phase("Completed");
            done.complete();
        });
        running = done.future();
        return running;
    }

    private void phase(String name) {
        LOG.info("ShutdownPhase::" + name);
        events.phase("ShutdownPhase::" + name);
    }
}
