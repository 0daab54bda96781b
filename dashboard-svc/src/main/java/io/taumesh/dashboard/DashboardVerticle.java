package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;

/** The dashboard service. For now it answers {@code tau.dashboard.status} and nothing more. */
public final class DashboardVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    NodeIdentity node = NodeIdentity.fromConfig(config());
    return StatusEndpoint.serve(vertx, MeshService.DASHBOARD, node, "running", () -> Map.of("stage", "skeleton"));
  }
}
