package io.taumesh.launcher;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayVerticle;
import io.taumesh.relay.RelayVerticle;
import io.taumesh.supervisor.SupervisorVerticle;
import io.taumesh.webui.WebUiVerticle;
import java.util.List;

/** Every service the all-in-one mesh can host, in start order. */
final class ServiceCatalog {

  static final List<ServiceUnit> ALL = List.of(
      new ServiceUnit(MeshService.SUPERVISOR, SupervisorVerticle::new),
      new ServiceUnit(MeshService.GATEWAY, GatewayVerticle::new),
      new ServiceUnit(MeshService.DASHBOARD, DashboardVerticle::new),
      new ServiceUnit(MeshService.RELAY, RelayVerticle::new),
      new ServiceUnit(MeshService.WEB_UI, WebUiVerticle::new));

  private ServiceCatalog() {
  }

  /** The units for these service ids, in catalog order; an unknown id is an error that lists the known ones. */
  static List<ServiceUnit> select(List<String> ids) {
    for (String id : ids) {
      if (MeshService.byId(id).isEmpty()) {
        throw new IllegalArgumentException("unknown service '" + id + "' in --services; known: " + ids());
      }
    }
    return ALL.stream().filter(u -> ids.contains(u.service().id())).toList();
  }

  static String ids() {
    return String.join(",", ALL.stream().map(u -> u.service().id()).toList());
  }
}
