package io.taumesh.launcher;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayVerticle;
import io.taumesh.relay.RelayVerticle;
import io.taumesh.supervisor.SupervisorVerticle;
import io.taumesh.webui.WebUiVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every service the all-in-one mesh can host, in start order. */
final class ServiceCatalog {

  private static final Map<MeshService, Supplier<? extends Deployable>> VERTICLES = new LinkedHashMap<>();

  static {
    VERTICLES.put(MeshService.SUPERVISOR, SupervisorVerticle::new);
    VERTICLES.put(MeshService.GATEWAY, GatewayVerticle::new);
    VERTICLES.put(MeshService.DASHBOARD, DashboardVerticle::new);
    VERTICLES.put(MeshService.RELAY, RelayVerticle::new);
    VERTICLES.put(MeshService.WEB_UI, WebUiVerticle::new);
  }

  private ServiceCatalog() {
  }

  /**
   * The units for these service ids, in start order, each with its config; an unknown id is an error that
   * lists the known ones.
   */
  static List<ServiceUnit> select(List<String> ids, Map<MeshService, JsonObject> configs) {
    for (String id : ids) {
      if (MeshService.byId(id).isEmpty()) {
        throw new IllegalArgumentException("unknown service '" + id + "' in --services; known: " + ids());
      }
    }
    return VERTICLES.entrySet().stream()
        .filter(e -> ids.contains(e.getKey().id()))
        .map(e -> new ServiceUnit(e.getKey(), e.getValue(), configs.getOrDefault(e.getKey(), new JsonObject())))
        .toList();
  }

  /**
   * The supervision config of the all-in-one mesh: every selected service but the supervisor, as its
   * verticle children, in start order, each restarted whenever it exits.
   */
  static JsonObject supervisionOf(List<String> ids, Map<MeshService, JsonObject> configs) {
    io.vertx.core.json.JsonArray children = new io.vertx.core.json.JsonArray();
    for (ServiceUnit unit : select(ids, configs)) {
      if (unit.service() == MeshService.SUPERVISOR) {
        continue;
      }
      children.add(new JsonObject().put("id", unit.service().id()).put("kind", "verticle")
          .put("target", unit.verticle().get().getClass().getName()).put("config", unit.config())
          .put("restart", "permanent"));
    }
    return new JsonObject().put("schema_version", 1).put("children", children);
  }

  static String ids() {
    return String.join(",", VERTICLES.keySet().stream().map(MeshService::id).toList());
  }
}
