package io.taumesh.webui;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;

/** The web UI service. For now it answers {@code tau.webui.status} and nothing more. */
public final class WebUiVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    NodeIdentity node = NodeIdentity.fromConfig(config());
    return StatusEndpoint.serve(vertx, MeshService.WEB_UI, node, "running", () -> Map.of("stage", "skeleton"));
  }
}
