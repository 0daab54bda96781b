package io.taumesh.core.bus;

/**
 * The event-bus address book: every address a service listens on or publishes to.
 * docs/event-bus.md documents each one; keep the two in step.
 */
public final class Addresses {

    public static final String GATEWAY_STATUS = status(MeshService.GATEWAY);
    public static final String GATEWAY_EVENTS = events(MeshService.GATEWAY);
    public static final String GATEWAY_CONTROL = control(MeshService.GATEWAY);
    public static final String GATEWAY_HISTORY = history(MeshService.GATEWAY);
    /** The HTTP ingress's busiest actors ({@code IngressView}), published each second after a request. */
    public static final String GATEWAY_INGRESS = "tau.gateway.ingress";

    public static final String DASHBOARD_STATUS = status(MeshService.DASHBOARD);
    public static final String DASHBOARD_EVENTS = events(MeshService.DASHBOARD);
    public static final String DASHBOARD_CONTROL = control(MeshService.DASHBOARD);
    public static final String DASHBOARD_HISTORY = history(MeshService.DASHBOARD);
    public static final String DASHBOARD_WIDGETS = "tau.dashboard.widgets";
    /** Request/reply: every current widget view at once, for a client that (re)connects. */
    public static final String DASHBOARD_VIEWS = "tau.dashboard.views";

    public static final String SUPERVISOR_STATUS = status(MeshService.SUPERVISOR);
    public static final String SUPERVISOR_STATE = "tau.supervisor.state";
    public static final String SUPERVISOR_HEALTH = "tau.supervisor.health";
    public static final String SUPERVISOR_COMMAND = "tau.supervisor.command";
    public static final String SUPERVISOR_EVENTS = "tau.supervisor.events";
    /** Request/reply: the supervisor's kept restarts, quarantines and member changes from a time on. */
    public static final String SUPERVISOR_MARKERS = "tau.supervisor.markers";
    /** The runtime heartbeat's report of each beat (what it writes to its state file), published. */
    public static final String SUPERVISOR_HEARTBEAT = "tau.supervisor.heartbeat";

    public static final String RELAY_STATUS = status(MeshService.RELAY);
    public static final String RELAY_LINK = "tau.relay.link";

    public static final String WEB_UI_STATUS = status(MeshService.WEB_UI);

    /** Published: a decision a node took about the cluster on its own ({@code ClusterDecision}). */
    public static final String CLUSTER_DECISIONS = "tau.cluster.decisions";

    /** Published: each entry of a service's audit trail, once it is on disk. */
    public static final String AUDIT = "tau.audit";
    /** Request/reply: the newest entries of one service's audit trail; the three services that answer actions. */
    public static final String GATEWAY_AUDIT = audit(MeshService.GATEWAY);

    public static final String DASHBOARD_AUDIT = audit(MeshService.DASHBOARD);
    public static final String SUPERVISOR_AUDIT = audit(MeshService.SUPERVISOR);

    /** Browser-facing addresses: only web-ui bridges these, {@code ui.view.*} out and {@code ui.control} in. */
    public static final String UI_VIEW_PREFIX = "ui.view.";
    /** The bridge's outbound permit: every {@code ui.view.*} address, as a regular expression. */
    public static final String UI_VIEW_PATTERN = "ui\\.view\\..+";

    public static final String UI_VIEW_WIDGETS = UI_VIEW_PREFIX + "widgets";
    public static final String UI_VIEW_SUPERVISOR = UI_VIEW_PREFIX + "supervisor";
    public static final String UI_VIEW_LINK = UI_VIEW_PREFIX + "link";
    public static final String UI_VIEW_CLUSTER = UI_VIEW_PREFIX + "cluster";
    public static final String UI_VIEW_AUDIT = UI_VIEW_PREFIX + "audit";
    public static final String UI_VIEW_RUNNERS = UI_VIEW_PREFIX + "runners";
    public static final String UI_VIEW_INGRESS = UI_VIEW_PREFIX + "ingress";
    public static final String UI_CONTROL = "ui.control";

    /** Not an address: the cluster-wide map in which each singleton service names its one instance. */
    public static final String SINGLETON_MAP = "tau.singletons";

    private Addresses() {}

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

    /**
     * Request/reply, cluster-wide: which generation of the mesh's credentials a node presents and trusts (fingerprints,
     * never the secrets), so that a rotation can wait until every member took each step.
     */
    public static String nodeCredentials(String nodeId) {
        return "tau.node." + nodeId + ".credentials";
    }

    /** {@code tau.<service>.audit}: request/reply, the newest entries of the service's audit trail. */
    public static String audit(MeshService service) {
        return "tau." + service.id() + ".audit";
    }

    /** {@code tau.<runtime>.history}: request/reply, a time window of the runtime's cycles, downsampled. */
    public static String history(MeshService runtime) {
        return "tau." + runtime.id() + ".history";
    }

    /** {@code tau.<service>.status}: request/reply, answers the service's status snapshot. */
    public static String status(MeshService service) {
        return "tau." + service.id() + ".status";
    }

    /** {@code tau.<runtime>.events}: each committed cycle of a runtime, published. */
    public static String events(MeshService runtime) {
        return "tau." + runtime.id() + ".events";
    }

    /** {@code tau.<runtime>.control}: request/reply, a control action on a runtime. */
    public static String control(MeshService runtime) {
        return "tau." + runtime.id() + ".control";
    }
}
