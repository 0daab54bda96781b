package io.taumesh.supervisor;

import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ExitKind;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The supervisor's control loop: every interval it notices verticle children that undeployed themselves
 * and probes the others for starvation. It counts its iterations, so that a loop that stops iterating is
 * visible from outside ({@code control_loop_iterations}, {@code iterations_per_sec}).
 */
final class ControlLoop {

    static final long RATE_WINDOW_MS = 5_000;

    private final Vertx vertx;
    private final SupervisionTree tree;
    private final StarvationProbe probe;
    private final long intervalMs;
    private final long startedMs = System.currentTimeMillis();
    private final Deque<Long> recentTicks = new ArrayDeque<>();
    private long iterations;
    private long timer = -1;
    private Runnable afterTick = () -> {};

    ControlLoop(Vertx vertx, SupervisionTree tree, StarvationProbe probe, long intervalMs) {
        this.vertx = vertx;
        this.tree = tree;
        this.probe = probe;
        this.intervalMs = intervalMs;
    }

    void start() {
        timer = vertx.setPeriodic(intervalMs, id -> tick());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Runs after each iteration, on the supervisor's context. */
    void afterTick(Runnable listener) {
        this.afterTick = listener;
    }

    long iterations() {
        return iterations;
    }

    long uptimeSecs(long now) {
        return (now - startedMs) / 1000;
    }

    /** Iterations per second over the last few seconds, to one decimal. */
    double iterationsPerSec(long now) {
        long window = Math.max(1, Math.min(RATE_WINDOW_MS, now - startedMs));
        return Math.round(recentTicks.size() * 1000.0 / window * 10) / 10.0;
    }

    private void tick() {
        long now = System.currentTimeMillis();
        iterations++;
        recentTicks.addLast(now);
        while (!recentTicks.isEmpty() && recentTicks.peekFirst() < now - RATE_WINDOW_MS) {
            recentTicks.removeFirst();
        }
        for (ChildRecord record : tree.children()) {
            if (!record.is(ChildState.RUNNING) || !(record.handle instanceof VerticleChild verticle)) {
                continue;
            }
            if (verticle.deploymentId() != null && !vertx.deploymentIDs().contains(verticle.deploymentId())) {
                verticle.ended(TaskExit.of(ExitKind.COMPLETED, "the verticle undeployed itself"));
                continue;
            }
            probe.probe(record, verticle, now);
        }
        afterTick.run();
    }
}
