package io.taumesh.core.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * A node's start as its process follows it: whether the node is waiting for a full member to join (time that no
 * start timeout counts: a lite member may wait as long as it takes), and a stop asked for meanwhile, which ends
 * that wait instead of letting it run on.
 */
public final class StartControl {

    private final Promise<Void> abandoned = Promise.promise();
    private volatile boolean waiting;

    /** Ends a wait for a full member, now or as soon as one begins; the start then fails with {@code why}. */
    public void abandon(String why) {
        abandoned.tryFail(new IllegalStateException(why));
    }

    /** Fails once the start is abandoned. */
    Future<Void> abandoned() {
        return abandoned.future();
    }

    /** Whether the node is waiting for a full member. */
    public boolean waiting() {
        return waiting;
    }

    void waiting(boolean now) {
        waiting = now;
    }
}
