package io.taumesh.core.node;

import io.taumesh.core.bus.MeshService;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/** A service a node hosts: which one, how to make its verticle, and the config it is deployed with. */
public record ServiceUnit(MeshService service, Supplier<? extends Deployable> verticle, JsonObject config) {

    public ServiceUnit(MeshService service, Supplier<? extends Deployable> verticle) {
        this(service, verticle, new JsonObject());
    }

    public ServiceUnit {
        config = config == null ? new JsonObject() : config.copy();
    }
}
