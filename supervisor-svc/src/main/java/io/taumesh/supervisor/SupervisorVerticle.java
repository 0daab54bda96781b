package io.taumesh.supervisor;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;

/** The supervisor service. For now it answers {@code tau.supervisor.status} and nothing more. */
public final class SupervisorVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    NodeIdentity node = NodeIdentity.fromConfig(config());
    return StatusEndpoint.serve(vertx, MeshService.SUPERVISOR, node, "running", () -> Map.of("stage", "skeleton"));
  }
}
