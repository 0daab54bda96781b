package io.taumesh.gateway;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;

/** The gateway service. For now it answers {@code tau.gateway.status} and nothing more. */
public final class GatewayVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    NodeIdentity node = NodeIdentity.fromConfig(config());
    return StatusEndpoint.serve(vertx, MeshService.GATEWAY, node, "running", () -> Map.of("stage", "skeleton"));
  }
}
