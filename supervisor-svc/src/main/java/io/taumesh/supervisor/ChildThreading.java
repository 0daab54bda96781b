package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import io.vertx.core.ThreadingModel;

/** Where a verticle child runs: on an event loop, or on worker threads (for a child that may block). */
public enum ChildThreading implements WireName {
    EVENT_LOOP("event-loop", ThreadingModel.EVENT_LOOP),
    WORKER("worker", ThreadingModel.WORKER);

    private final String wire;
    private final ThreadingModel model;

    ChildThreading(String wire, ThreadingModel model) {
        this.wire = wire;
        this.model = model;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    ThreadingModel model() {
        return model;
    }
}
