package io.taumesh.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** Answers {@code tau.<service>.status} with a {@link ServiceStatus} of the calling service. */
public final class StatusEndpoint {

    private StatusEndpoint() {}

    /**
     * Starts answering; the future completes once the address is registered across the cluster.
     *
     * @param detail the service's own status fields, read at each request on the verticle's event loop
     */
    public static Future<Void> serve(
            Vertx vertx, MeshService service, NodeIdentity node, String state, Supplier<Map<String, Object>> detail) {
        Instant started = Instant.now();
        return vertx.eventBus()
                .<JsonObject>consumer(service.statusAddress(), request -> {
                    CorrelationContext.bind(Correlation.from(request.headers()));
                    long uptime = Duration.between(started, Instant.now()).toSeconds();
                    MeshBus.reply(
                            request,
                            new ServiceStatus(
                                    MeshMessage.SCHEMA_VERSION,
                                    service.id(),
                                    node.nodeId(),
                                    node.member(),
                                    state,
                                    started.toString(),
                                    uptime,
                                    detail.get()));
                })
                .completion();
    }
}
