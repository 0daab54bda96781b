package io.taumesh.client;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;

/** A stream a {@link MeshClient} follows (widget views, cycles, child events, audit entries) until cancelled. */
public final class MeshSubscription {

    private final MessageConsumer<?> consumer;

    MeshSubscription(MessageConsumer<?> consumer) {
        this.consumer = consumer;
    }

    /** The address followed ({@code tau.dashboard.widgets}). */
    public String address() {
        return consumer.address();
    }

    /** Stops following: no handler call after the returned future completes. */
    public Future<Void> cancel() {
        return consumer.unregister();
    }
}
