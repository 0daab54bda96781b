package io.taumesh.webui;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.CorrelationContext;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.message.ClusterView;
import io.taumesh.core.bus.message.DashboardViews;
import io.taumesh.core.bus.message.RelayHeartbeat;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.contract.SupervisorCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * What the browser sees, as {@code ui.view.*} messages: widget views as the dashboard publishes them, the
 * supervisor's state and health when a child changes, the relay link, and the cluster members. Also answers
 * {@code ui.control}: a snapshot of everything (on connect and reconnect), or a control action passed on to
 * {@code tau.dashboard.control} and audited.
 */
final class UiFeeds {

    private static final Logger LOG = Logger.getLogger(UiFeeds.class.getName());

    static final long TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final NodeIdentity node;
    private long supervisorSeq;
    private long clusterSeq;
    private UiViews.LinkView lastLink = UiViews.LinkView.NONE;
    private String lastMembers = "";
    private long pendingSupervisor = -1;

    private final UiMetrics metrics;
    private final RunnerCards runners;
    private final AuditFeed audit;
    private final ViewHub hub;

    UiFeeds(Vertx vertx, NodeIdentity node, UiMetrics metrics, ViewHub hub) {
        this.vertx = vertx;
        this.node = node;
        this.metrics = metrics;
        this.hub = hub;
        this.runners = new RunnerCards(vertx, feed -> showView(Addresses.UI_VIEW_RUNNERS, feed));
        this.audit = new AuditFeed(vertx);
    }

    Future<Void> start() {
        Future<Void> widgets = vertx.eventBus()
                .<JsonObject>consumer(Addresses.DASHBOARD_WIDGETS, m -> showView(Addresses.UI_VIEW_WIDGETS, m.body()))
                .completion();
        Future<Void> supervisor = vertx.eventBus()
                .consumer(Addresses.SUPERVISOR_EVENTS, m -> supervisorChanged())
                .completion();
        Future<Void> link = vertx.eventBus()
                .<JsonObject>consumer(Addresses.RELAY_LINK, m -> relayBeat(m.body()))
                .completion();
        Future<Void> control = vertx.eventBus()
                .<JsonObject>consumer(Addresses.UI_CONTROL, this::control)
                .completion();
        // The gateway's requests per actor, passed on as they come (the gateway sends them every 5 s at least).
        Future<Void> ingress = vertx.eventBus()
                .<JsonObject>consumer(Addresses.GATEWAY_INGRESS, m -> showView(Addresses.UI_VIEW_INGRESS, m.body()))
                .completion();
        vertx.setPeriodic(2_000, id -> members().onSuccess(this::publishMembers));
        vertx.setPeriodic(1_000, id -> linkWatch());
        runners.start();
        return Future.all(widgets, supervisor, link, control, ingress, audit.start())
                .mapEmpty();
    }

    /** A page's control action (with its token checked by the bridge), or its request for a snapshot. */
    private void control(Message<JsonObject> m) {
        Correlation correlation = Correlation.from(m.headers());
        CorrelationContext.bind(correlation);
        JsonObject body = m.body() == null ? new JsonObject() : m.body();
        if ("snapshot".equals(body.getString("op"))) {
            snapshotOrCatchUp(m, body.getValue("resume"), UiViews.SignedIn.from(m.headers()));
            return;
        }
        if (SignInExpiry.OP.equals(body.getString("op"))) {
            MeshBus.reply(m, UiViews.Expired.of(body));
            return;
        }
        if ("history".equals(body.getString("op"))) {
            history(m, body, correlation);
            return;
        }
        JsonObject action = body.getJsonObject("action");
        if (action == null) {
            metrics.control(ControlVerdict.REJECTED.wire());
            MeshBus.reply(
                    m,
                    new UiViews.Refusal(
                            ControlVerdict.REJECTED.wire(), "action: is required", correlation.requestId()));
            return;
        }
        // The dashboard audits the action as coming from this page (the bridge named it), before it answers.
        MeshBus.request(
                        vertx,
                        Addresses.DASHBOARD_CONTROL,
                        action,
                        correlation,
                        TIMEOUT_MS,
                        ActionOrigin.of(m.headers()))
                .map(reply -> reply.body())
                .otherwise(UiFeeds::unanswered)
                .onSuccess(result -> CorrelationContext.runWith(correlation, () -> {
                    metrics.control(result.getString("result"));
                    LOG.info(() -> "ui control action " + action.encode() + ": " + result.getString("result") + " ("
                            + result.getString("reason") + ")");
                    MeshBus.reply(m, result.copy().put("request_id", correlation.requestId()));
                }));
    }

    /** A runtime's history window for the page's charts, asked of the runner itself (its own event log). */
    private void history(Message<JsonObject> m, JsonObject body, Correlation correlation) {
        MeshService runtime =
                "dashboard".equals(body.getValue("runtime")) ? MeshService.DASHBOARD : MeshService.GATEWAY;
        if (!runtime.id().equals(body.getValue("runtime"))) {
            m.fail(400, "runtime: must be gateway or dashboard, got " + body.getValue("runtime"));
            return;
        }
        JsonObject ask = new JsonObject().put("window", body.getValue("window", "1h"));
        if (body.containsKey("points")) {
            ask.put("points", body.getValue("points"));
        }
        MeshBus.request(vertx, Addresses.history(runtime), ask, correlation, TIMEOUT_MS)
                .compose(reply -> withMarkers(reply.body(), correlation))
                .onSuccess(answer -> MeshBus.reply(m, answer))
                .onFailure(err -> m.fail(
                        err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
                                ? re.failureCode()
                                : 503,
                        runtime.id() + " history: " + err.getMessage()));
    }

    /** The supervisor's markers of the window's time, drawn on the same axis; none when the supervisor does not answer. */
    private Future<JsonObject> withMarkers(JsonObject history, Correlation correlation) {
        JsonObject ask = new JsonObject().put("from_ms", history.getLong("from_ms", 0L));
        return MeshBus.request(vertx, Addresses.SUPERVISOR_MARKERS, ask, correlation, TIMEOUT_MS)
                .map(reply -> history.copy().put("markers", reply.body().getJsonArray("markers")))
                .otherwise(history);
    }

    /**
     * What the page is told when the dashboard did not answer: nobody serves the address (nothing was applied), or
     * no answer in time, in which case the action may have been applied and only the audit can say.
     */
    private static JsonObject unanswered(Throwable err) {
        boolean nobody = err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
        return MeshJson.toJson(new UiViews.Unanswered(
                nobody ? ControlVerdict.REJECTED.wire() : UNKNOWN,
                nobody
                        ? "no dashboard serves control actions: nothing was applied"
                        : String.valueOf(err.getMessage()) + ": it may have been applied; a retry with the same "
                                + "idempotency key is applied at most once"));
    }

    /** The result of an action whose fate is not known. */
    static final String UNKNOWN = "unknown";

    /** A view for the pages of this node's bridge: never for another node, whose own feeds serve its pages. */
    private void showView(String address, Object view) {
        vertx.eventBus().publish(address, view instanceof JsonObject json ? json : MeshJson.toJson(view), LOCAL_ONLY);
    }

    private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

    /** A relay's heartbeat: the link is up; one that cannot be read is logged and leaves the link as it was. */
    private void relayBeat(JsonObject body) {
        try {
            lastLink = new UiViews.LinkView(MeshJson.fromJson(body, RelayHeartbeat.class), true);
        } catch (FieldError e) {
            LOG.warning(() -> "ignoring a relay heartbeat it cannot read: " + e.asFieldPath());
            return;
        }
        showView(Addresses.UI_VIEW_LINK, lastLink);
    }

    /** Child events come in bursts; one refresh per burst. */
    private void supervisorChanged() {
        if (pendingSupervisor >= 0) {
            return;
        }
        pendingSupervisor = vertx.setTimer(150, t -> {
            pendingSupervisor = -1;
            supervisorView().onSuccess(view -> showView(Addresses.UI_VIEW_SUPERVISOR, view));
        });
    }

    private void linkWatch() {
        if (lastLink.staleAt(Instant.now(), 3)) {
            lastLink = new UiViews.LinkView(lastLink.beat(), false);
            showView(Addresses.UI_VIEW_LINK, lastLink);
        }
    }

    private Future<UiViews.SupervisorView> supervisorView() {
        Future<JsonObject> state = ask(Addresses.SUPERVISOR_STATE);
        Future<JsonObject> health = ask(Addresses.SUPERVISOR_HEALTH);
        return Future.join(state, health)
                .transform(done -> Future.succeededFuture(new UiViews.SupervisorView(
                        ++supervisorSeq,
                        state.succeeded() ? state.result() : null,
                        health.succeeded() ? health.result() : null)));
    }

    private Future<ClusterView> members() {
        return vertx.eventBus()
                .<JsonObject>request(Addresses.nodeCluster(node.nodeId()), new JsonObject())
                .map(m -> MeshJson.fromJson(m.body(), ClusterView.class))
                .otherwise(ClusterView.unknown());
    }

    private void publishMembers(ClusterView members) {
        String text = MeshJson.toJsonString(members);
        if (!text.equals(lastMembers)) {
            lastMembers = text;
            showView(Addresses.UI_VIEW_CLUSTER, new UiViews.ClusterFeed(members, ++clusterSeq));
        }
    }

    /**
     * A page that says the last update it heard ({@code resume: {epoch, seq}}) gets the updates it missed when the
     * ring still holds them all; any other, a snapshot.
     */
    private void snapshotOrCatchUp(Message<JsonObject> m, Object resume, UiViews.SignedIn who) {
        if (resume instanceof JsonObject r
                && r.getValue("epoch") instanceof String epoch
                && r.getValue("seq") instanceof Number seq) {
            var missed = hub.since(epoch, seq.longValue());
            if (missed.isPresent()) {
                metrics.resumed();
                MeshBus.reply(m, new UiViews.Resumed(true, hub.position(), missed.get(), who));
                return;
            }
        }
        metrics.snapshot();
        snapshot(who).onSuccess(view -> MeshBus.reply(m, view));
    }

    /** Everything a page needs to draw itself from scratch. */
    Future<UiViews.Snapshot> snapshot(UiViews.SignedIn who) {
        // Taken once the page hears the updates: any after it reach the page live.
        ViewHub.Position position = hub.position();
        Future<List<WidgetView>> views = ask(Addresses.DASHBOARD_VIEWS)
                .map(answer -> MeshJson.fromJson(answer, DashboardViews.class).views());
        Future<UiViews.SupervisorView> supervisor = supervisorView();
        Future<ClusterView> cluster = members();
        Future<UiViews.RunnersFeed> runnerCards = runners.current();
        Future<List<JsonObject>> trails = audit.history();
        return Future.join(views, supervisor, cluster, runnerCards, trails)
                .transform(done -> Future.succeededFuture(new UiViews.Snapshot(
                        views.succeeded() ? views.result() : List.of(),
                        supervisor.succeeded() ? supervisor.result() : null,
                        lastLink,
                        cluster.succeeded() ? cluster.result() : null,
                        runnerCards.result(),
                        OFFERED_ACTIONS,
                        trails.succeeded() ? trails.result() : List.of(),
                        new UiViews.Session(WidgetView.RESENT_EVERY_MS, position, who))));
    }

    /**
     * The control actions the page offers, which it reads from its snapshot: the runner actions whose
     * parameter it can ask for (a number), and the commands on one child but its removal.
     */
    static final UiViews.OfferedActions OFFERED_ACTIONS = new UiViews.OfferedActions(
            Arrays.stream(RunnerAction.values())
                    .filter(a -> a.parameter() == null || a == RunnerAction.SET_QUEUE_LIMIT)
                    .map(a -> new UiViews.RunnerOffer(a.wire(), a.parameter()))
                    .toList(),
            Arrays.stream(SupervisorCommand.values())
                    .filter(c -> c.onChild() && c != SupervisorCommand.REMOVE)
                    .flatMap(c -> c.childAction().stream())
                    .toList());

    private Future<JsonObject> ask(String address) {
        return MeshBus.request(vertx, address, new JsonObject(), Correlation.fresh(), TIMEOUT_MS)
                .map(m -> m.body());
    }
}
