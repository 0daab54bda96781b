package io.taumesh.core.node;

import io.taumesh.core.bus.MeshService;
import io.vertx.core.Deployable;
import java.util.function.Supplier;

/** A service a node hosts: which one, and how to make its verticle. */
public record ServiceUnit(MeshService service, Supplier<? extends Deployable> verticle) {
}
