package io.taumesh.supervisor;

import io.taumesh.core.contract.ChildLifecycle;
import io.vertx.core.Context;
import java.util.logging.Logger;

/**
 * Runtime starvation (runbook P1-004): each control-loop iteration asks every running verticle child's
 * context to run an empty task. A child whose context has not run it within the threshold is blocked.
 */
final class StarvationProbe {

    private static final Logger LOG = Logger.getLogger(StarvationProbe.class.getName());

    private final Context supervisor;
    private final long thresholdMs;
    private final SupervisorEvents events;

    StarvationProbe(Context supervisor, long thresholdMs, SupervisorEvents events) {
        this.supervisor = supervisor;
        this.thresholdMs = thresholdMs;
        this.events = events;
    }

    void probe(ChildRecord record, VerticleChild verticle, long now) {
        if (record.probeSentMs >= 0) {
            if (!record.blocked && now - record.probeSentMs > thresholdMs) {
                record.blocked = true;
                LOG.warning(() -> "child " + record.spec.id() + " is blocked: its context has not run a task for "
                        + (now - record.probeSentMs) + " ms (starvation)");
                events.child(ChildLifecycle.BLOCKED, record, null);
            }
            return;
        }
        Context child = verticle.context();
        if (child == null) {
            return;
        }
        record.probeSentMs = now;
        child.runOnContext(v -> supervisor.runOnContext(back -> {
            if (record.handle == verticle) {
                record.probeSentMs = -1;
                if (record.blocked) {
                    record.blocked = false;
                    events.child(ChildLifecycle.UNBLOCKED, record, null);
                }
            }
        }));
    }

    /** A child stuck in a blocking call holds a thread; interrupting that thread lets its context run again. */
    static void interruptBlocked(ChildRecord record) {
        String prefix = record.spec.launch().target();
        if (prefix == null) {
            return;
        }
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith(prefix)) {
                    LOG.warning(() -> "interrupting " + thread.getName() + ", blocked in " + frame);
                    thread.interrupt();
                    return;
                }
            }
        });
    }
}
