package io.taumesh.client;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.AuditPage;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.ServiceStatus;
import io.taumesh.core.bus.message.ChannelViewsAnswer;
import io.taumesh.core.bus.message.ChildEvent;
import io.taumesh.core.bus.message.DashboardViews;
import io.taumesh.core.bus.message.RelayHeartbeat;
import io.taumesh.core.bus.message.RunnerActionRequest;
import io.taumesh.core.bus.message.ShutdownPhaseEvent;
import io.taumesh.core.bus.message.SupervisorCommandRequest;
import io.taumesh.core.bus.message.SupervisorCommandResult;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * A connection to a running mesh ({@code docs/clients.md}): a lite member of its cluster, which holds no cluster data,
 * with a typed call for each public address of the event-bus address book ({@code docs/event-bus.md}). Every call
 * carries a correlation ({@code x-request-id}, {@code traceparent}) and names this client as the action's origin in
 * the services' audit trails; every failure is a {@link MeshClientException} with its {@link
 * MeshClientException.Kind}. Futures complete on the client's own Vert.x: a handler must not block.
 */
public final class MeshClient {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    /** Right after the join, the mesh's addresses reach this member shortly: an unserved address is asked again. */
    static final long JOIN_GRACE_MS = 5_000;

    private static final long RETRY_MS = 100;

    private final MeshNode node;
    private final String origin;
    private final long timeoutMs;
    private final long joinedAtNanos = System.nanoTime();

    private MeshClient(MeshNode node, String origin, long timeoutMs) {
        this.node = node;
        this.origin = origin;
        this.timeoutMs = timeoutMs;
    }

    /** How the audit trails name a client's actions unless it says otherwise: {@code client <user>}. */
    public static String defaultOrigin() {
        return ActionOrigin.named("client", System.getProperty("user.name"));
    }

    /** Joins the mesh's cluster (its name, seeds and credentials in {@code cluster}) with the defaults. */
    public static Future<MeshClient> connect(ClusterSettings cluster) {
        return connect(cluster, defaultOrigin(), DEFAULT_TIMEOUT_MS);
    }

    /**
     * Joins the mesh's cluster as a lite member. Fails with {@code NO_MESH} when no member lets it in (the message
     * says whether anybody answered), and with {@code PROTOCOL_MISMATCH} when the cluster speaks another protocol
     * version than this client; either way nothing is left running.
     *
     * @param origin how the audit trails name this client's actions ({@code ActionOrigin.named("my-tool", host)})
     * @param timeoutMs how long each request waits for its answer
     */
    public static Future<MeshClient> connect(ClusterSettings cluster, String origin, long timeoutMs) {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeoutMs must be at least 1, got " + timeoutMs);
        }
        ClusterSettings lite = cluster.asLiteMember();
        return MeshNode.start(lite).transform(started -> {
            if (started.failed()) {
                return MeshAbsence.failure(lite, started.cause());
            }
            MeshNode node = started.result();
            Optional<String> refusal = node.refusal();
            if (refusal.isPresent()) {
                return node.close()
                        .transform(closed -> Future.failedFuture(new MeshClientException(
                                MeshClientException.Kind.PROTOCOL_MISMATCH,
                                null,
                                null,
                                "cannot use cluster '" + lite.clusterName() + "': " + refusal.get())));
            }
            return Future.succeededFuture(new MeshClient(node, origin, timeoutMs));
        });
    }

    /** The client's own Vert.x, to run a timer or a verticle next to it. */
    public Vertx vertx() {
        return node.vertx();
    }

    /** This client's node id, as the mesh's {@code /cluster} lists it. */
    public String nodeId() {
        return node.nodeId();
    }

    /** {@code tau.<service>.status}: who serves the service, where, since when, and its own detail. */
    public Future<ServiceStatus> status(MeshService service) {
        return ask(Addresses.status(service), new JsonObject(), Correlation.fresh(), ServiceStatus.class);
    }

    /**
     * The status of a runner (gateway or dashboard): health, gate, queue (depth, limit, paused), recent cycles; what
     * {@code --gateway-status-inspect} shows, from the running runner.
     */
    public Future<RunnerStatus> runnerStatus(MeshService runtime) {
        return status(runtime).compose(status -> {
            try {
                return Future.succeededFuture(Answers.decode(new JsonObject(status.detail()), RunnerStatus.class));
            } catch (RuntimeException e) {
                return Future.failedFuture(new MeshClientException(
                        MeshClientException.Kind.BAD_ANSWER,
                        Addresses.status(runtime),
                        null,
                        runtime.id() + " is not a runner, or its status does not read as RunnerStatus: "
                                + e.getMessage(),
                        e));
            }
        });
    }

    /** {@code tau.supervisor.state}: the supervisor's {@code current_state()} ({@code docs/supervisor.md}). */
    public Future<JsonObject> supervisorState() {
        return request(Addresses.SUPERVISOR_STATE, new JsonObject(), Correlation.fresh());
    }

    /** {@code tau.supervisor.health}: the supervisor's {@code health()}. */
    public Future<JsonObject> supervisorHealth() {
        return request(Addresses.SUPERVISOR_HEALTH, new JsonObject(), Correlation.fresh());
    }

    /**
     * {@code tau.supervisor.command}. A command without an idempotency key gets one; a failure names it ({@link
     * MeshClientException#idempotencyKey()}), so that sending the command again with it applies it at most once.
     */
    public Future<SupervisorCommandResult> command(SupervisorCommandRequest command) {
        return command(command, Correlation.fresh());
    }

    public Future<SupervisorCommandResult> command(SupervisorCommandRequest command, Correlation correlation) {
        String key = command.idempotencyKey() != null ? command.idempotencyKey() : newKey();
        return keyed(
                key,
                ask(
                        Addresses.SUPERVISOR_COMMAND,
                        MeshJson.toJson(command.withIdempotencyKey(key)),
                        correlation,
                        SupervisorCommandResult.class));
    }

    /**
     * {@code tau.<runtime>.control}: a control action on the gateway or dashboard runner, applied once per idempotency
     * key (one is made when the request has none; a failure names it). A rejection is an answer, not a failure.
     */
    public Future<ControlResult> control(MeshService runtime, RunnerActionRequest action) {
        return control(runtime, action, Correlation.fresh());
    }

    public Future<ControlResult> control(MeshService runtime, RunnerActionRequest action, Correlation correlation) {
        String key = action.idempotencyKey() != null ? action.idempotencyKey() : newKey();
        return keyed(
                key,
                ask(
                        Addresses.control(runtime),
                        MeshJson.toJson(action.withIdempotencyKey(key)),
                        correlation,
                        ControlResult.class));
    }

    /** {@code tau.dashboard.views}: every current widget view and the projection's summary hash. */
    public Future<DashboardViews> widgetViews() {
        return ask(Addresses.DASHBOARD_VIEWS, new JsonObject(), Correlation.fresh(), DashboardViews.class);
    }

    /** {@code tau.dashboard.views} of one channel: its widget views and the control actions applied to it. */
    public Future<ChannelViewsAnswer> channelViews(String channelId) {
        return ask(
                Addresses.DASHBOARD_VIEWS,
                new JsonObject().put("channel_id", channelId),
                Correlation.fresh(),
                ChannelViewsAnswer.class);
    }

    /** {@code tau.<service>.audit}: the newest {@code limit} (1-1000) entries of a service's audit trail. */
    public Future<AuditPage> auditTrail(MeshService service, int limit) {
        if (limit < 1 || limit > 1000) {
            return Future.failedFuture(new IllegalArgumentException("limit: must be 1-1000, got " + limit));
        }
        return ask(
                Addresses.audit(service), new JsonObject().put("limit", limit), Correlation.fresh(), AuditPage.class);
    }

    /** Any request/reply address of the book, with a body as {@code docs/event-bus.md} gives it. */
    public Future<JsonObject> request(String address, JsonObject body, Correlation correlation) {
        return MeshBus.request(node.vertx(), address, body, correlation, timeoutMs, origin)
                .map(Message::body)
                .recover(e -> {
                    if (e instanceof ReplyException reply
                            && reply.failureType() == ReplyFailure.NO_HANDLERS
                            && System.nanoTime() - joinedAtNanos < JOIN_GRACE_MS * 1_000_000) {
                        return node.vertx().timer(RETRY_MS).compose(t -> request(address, body, correlation));
                    }
                    return Future.failedFuture(
                            RequestFailure.of(address, correlation, e, node.clusterName(), timeoutMs));
                });
    }

    /** {@code tau.dashboard.widgets}: each widget view as it changes (and every view again every 5 s). */
    public Future<MeshSubscription> widgets(Handler<WidgetView> each) {
        return follow(Addresses.DASHBOARD_WIDGETS, WidgetView.class, each);
    }

    /** {@code tau.<runtime>.events}: each cycle the runner commits. */
    public Future<MeshSubscription> cycles(MeshService runtime, Handler<CycleReport> each) {
        return follow(Addresses.events(runtime), CycleReport.class, each);
    }

    /** {@code tau.supervisor.events}: each child lifecycle event (shutdown phases are left out). */
    public Future<MeshSubscription> childEvents(Handler<ChildEvent> each) {
        MessageConsumer<JsonObject> consumer = node.vertx().eventBus().consumer(Addresses.SUPERVISOR_EVENTS, m -> {
            if (m.body() != null && !ShutdownPhaseEvent.isOne(m.body())) {
                Answers.deliver(m.body(), ChildEvent.class, each);
            }
        });
        return consumer.completion().map(v -> new MeshSubscription(consumer));
    }

    /** {@code tau.relay.link}: the relay's heartbeat, every second while it runs. */
    public Future<MeshSubscription> relayHeartbeats(Handler<RelayHeartbeat> each) {
        return follow(Addresses.RELAY_LINK, RelayHeartbeat.class, each);
    }

    /** {@code tau.audit}: each entry of any service's audit trail, once it is on disk. */
    public Future<MeshSubscription> audit(Handler<AuditEntry> each) {
        return follow(Addresses.AUDIT, AuditEntry.class, each);
    }

    /** Leaves the cluster; the client cannot be used after. */
    public Future<Void> close() {
        return node.close();
    }

    private <T> Future<MeshSubscription> follow(String address, Class<T> type, Handler<T> each) {
        MessageConsumer<JsonObject> consumer =
                node.vertx().eventBus().consumer(address, m -> Answers.deliver(m.body(), type, each));
        // Complete once the registration is known to the cluster: nothing published after it is missed.
        return consumer.completion().map(v -> new MeshSubscription(consumer));
    }

    private <T> Future<T> ask(String address, JsonObject body, Correlation correlation, Class<T> type) {
        return request(address, body, correlation).compose(json -> {
            try {
                return Future.succeededFuture(Answers.decode(json, type));
            } catch (RuntimeException e) {
                return Future.failedFuture(new MeshClientException(
                        MeshClientException.Kind.BAD_ANSWER,
                        address,
                        correlation.requestId(),
                        "the answer on " + address + " does not read as " + type.getSimpleName() + ": "
                                + e.getMessage(),
                        e));
            }
        });
    }

    private static <T> Future<T> keyed(String key, Future<T> answer) {
        return answer.recover(e ->
                Future.failedFuture(e instanceof MeshClientException failure ? failure.withIdempotencyKey(key) : e));
    }

    private static String newKey() {
        return "client-" + UUID.randomUUID();
    }
}
