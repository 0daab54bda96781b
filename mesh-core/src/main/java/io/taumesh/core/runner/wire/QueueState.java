package io.taumesh.core.runner.wire;

/** A runner's queue as {@code state.json} keeps it: what waits, how much a cycle takes, and whether cycles are paused. */
public record QueueState(int queueDepth, int queueLimit, boolean paused) {

    public QueueState withLimit(int limit) {
        return new QueueState(queueDepth, limit, paused);
    }

    public QueueState withPaused(boolean value) {
        return new QueueState(queueDepth, queueLimit, value);
    }
}
