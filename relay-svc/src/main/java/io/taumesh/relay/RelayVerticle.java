package io.taumesh.relay;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;

/** The relay service. For now it answers {@code tau.relay.status} and nothing more. */
public final class RelayVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    NodeIdentity node = NodeIdentity.fromConfig(config());
    return StatusEndpoint.serve(vertx, MeshService.RELAY, node, "running", () -> Map.of("stage", "skeleton"));
  }
}
