package io.taumesh.core.runner.control;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.wire.ControlResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Answers a control action; never fails, rejects instead. */
@FunctionalInterface
public interface ControlHandler {

    Future<ControlResult> apply(JsonObject body, Correlation correlation);
}
