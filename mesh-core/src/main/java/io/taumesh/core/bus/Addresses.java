package io.taumesh.core.bus;

/**
 * The event-bus address book: every address a service listens on or publishes to.
 * docs/event-bus.md documents each one; keep the two in step.
 */
public final class Addresses {

  public static final String GATEWAY_STATUS = "tau.gateway.status";
  public static final String GATEWAY_EVENTS = "tau.gateway.events";
  public static final String GATEWAY_CONTROL = "tau.gateway.control";

  public static final String DASHBOARD_STATUS = "tau.dashboard.status";
  public static final String DASHBOARD_EVENTS = "tau.dashboard.events";
  public static final String DASHBOARD_CONTROL = "tau.dashboard.control";
  public static final String DASHBOARD_WIDGETS = "tau.dashboard.widgets";
  /** Request/reply: every current widget view at once, for a client that (re)connects. */
  public static final String DASHBOARD_VIEWS = "tau.dashboard.views";

  public static final String SUPERVISOR_STATUS = "tau.supervisor.status";
  public static final String SUPERVISOR_STATE = "tau.supervisor.state";
  public static final String SUPERVISOR_HEALTH = "tau.supervisor.health";
  public static final String SUPERVISOR_COMMAND = "tau.supervisor.command";
  public static final String SUPERVISOR_EVENTS = "tau.supervisor.events";

  public static final String RELAY_STATUS = "tau.relay.status";
  public static final String RELAY_LINK = "tau.relay.link";

  public static final String WEB_UI_STATUS = "tau.webui.status";

  /** Browser-facing addresses: only web-ui bridges these. */
  public static final String UI_VIEW_PREFIX = "ui.view.";
  public static final String UI_CONTROL = "ui.control";

  private Addresses() {
  }

  /**
   * Node-local request sent when a node is about to stop, before any service is undeployed: a service that
   * must stop things in its own order (the supervisor's children) does it and then replies.
   */
  public static String nodeShutdown(String nodeId) {
    return "tau.node." + nodeId + ".shutdown";
  }

  /** Node-local request/reply: the members of the cluster as this node sees them. */
  public static String nodeCluster(String nodeId) {
    return "tau.node." + nodeId + ".cluster";
  }

  /** {@code tau.<service>.status}: request/reply, answers the service's status snapshot. */
  public static String status(MeshService service) {
    return "tau." + service.id() + ".status";
  }
}
