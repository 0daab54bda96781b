package io.taumesh.dashboard;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.SingletonClaim;
import io.taumesh.core.bus.message.DashboardViews;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.RunnerService;
import io.taumesh.core.runner.control.RunnerEndpoints;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The dashboard service: runs the dashboard contract runner, projects its own events and the gateway's
 * into widget views published on {@code tau.dashboard.widgets}, answers {@code tau.dashboard.views} with
 * every view at once, and takes control actions on {@code tau.dashboard.control}, routing them on.
 */
public final class DashboardVerticle extends VerticleBase {

    /** The dashboard's runner as a service: its flags, environment and config under {@code dashboard}. */
    public static final RunnerService SERVICE = new RunnerService(
            MeshService.DASHBOARD,
            "Dashboard state: state.json, runtime-events.jsonl, decisions.jsonl, widget-views.json, channel-store/",
            "Dashboard fixture file(s) to run, in order (format: docs/fixtures.md).",
            DashboardGate.INSTANCE.guardrails());

    private static final Logger LOG = Logger.getLogger(DashboardVerticle.class.getName());

    /** How often the gateway's published cycle count is asked, to see how far the peers' projection lags. */
    static final long GATEWAY_POLL_MS = 5_000;

    private static final String GATEWAY = MeshService.GATEWAY.id();

    /** How often every view is published again, unchanged ({@link WidgetView#RESENT_EVERY_MS} says why). */
    static final long VIEW_REFRESH_MS = WidgetView.RESENT_EVERY_MS;

    private final WidgetProjection peers = WidgetProjection.ofLiveEvents();
    private final long viewRefreshMs;
    private long lastGatewayCycle;
    private long gatewayPoll = -1;
    private long viewRefresh = -1;
    private SingletonClaim claim;
    private DashboardRuntime runtime;
    private RunnerEndpoints endpoints;

    public DashboardVerticle() {
        this(VIEW_REFRESH_MS);
    }

    DashboardVerticle(long viewRefreshMs) {
        this.viewRefreshMs = viewRefreshMs;
    }

    @Override
    public Future<?> start() {
        RunnerSettings settings = SERVICE.fromConfig(config());
        NodeIdentity node = NodeIdentity.fromConfig(config());
        return SingletonClaim.claim(vertx, MeshService.DASHBOARD, node)
                .compose(claimed -> {
                    claim = claimed;
                    return DashboardRuntime.open(vertx, settings);
                })
                .compose(opened -> {
                    runtime = opened;
                    runtime.onViews(this::publish);
                    Future<RunnerEndpoints> bus = RunnerEndpoints.start(
                                    vertx,
                                    runtime.runner(),
                                    MeshService.DASHBOARD,
                                    node,
                                    settings.cycleIntervalMs(),
                                    new DashboardControl(runtime.runner()))
                            .onSuccess(e -> endpoints = e);
                    Future<Void> views = vertx.eventBus()
                            .<JsonObject>consumer(
                                    Addresses.DASHBOARD_VIEWS, msg -> MeshBus.reply(msg, snapshot(msg.body())))
                            .completion();
                    Future<Void> gatewayEvents = vertx.eventBus()
                            .<JsonObject>consumer(Addresses.GATEWAY_EVENTS, msg -> gatewayEvent(msg.body()))
                            .completion();
                    pollGateway();
                    gatewayPoll = vertx.setPeriodic(GATEWAY_POLL_MS, id -> pollGateway());
                    viewRefresh = vertx.setPeriodic(viewRefreshMs, id -> publish(allViews()));
                    return Future.all(bus, views, gatewayEvents)
                            .onSuccess(v -> LOG.info(() -> "dashboard: state " + settings.stateDir() + ", "
                                    + runtime.runner().queueDepth() + " case(s) queued, "
                                    + runtime.projection().views().size() + " widget view(s)"));
                })
                .recover(err -> stop().transform(stopped -> Future.failedFuture(err)));
    }

    /** Folds one of the gateway's events into the peers' projection, noting a gap or a reset of its history. */
    private void gatewayEvent(JsonObject body) {
        ProjectionMetrics metrics = runtime.metrics();
        CycleReport report;
        try {
            report = MeshJson.fromJson(body, CycleReport.class);
        } catch (FieldError e) {
            metrics.replayFailed(GATEWAY);
            LOG.warning(() -> "ignored a gateway event that cannot be read: " + e.getMessage());
            return;
        }
        long cycle = report.cycleId();
        if (lastGatewayCycle > 0 && cycle <= lastGatewayCycle) {
            metrics.drift(GATEWAY, DriftReason.CHECKPOINT_AHEAD);
            metrics.restarted(GATEWAY, cycle);
            LOG.warning(() ->
                    "the gateway's cycles started over at " + cycle + " (the projection had " + lastGatewayCycle + ")");
        } else if (lastGatewayCycle > 0 && cycle > lastGatewayCycle + 1) {
            metrics.drift(GATEWAY, DriftReason.EVENTS_MISSED);
            LOG.warning(() -> "gateway cycles " + (lastGatewayCycle + 1) + " to " + (cycle - 1)
                    + " never reached the projection");
        }
        lastGatewayCycle = cycle;
        metrics.published(GATEWAY, cycle);
        publish(peers.apply(report));
        metrics.projected(GATEWAY, cycle);
    }

    /** What the gateway has published by now, from its status: events sent before this dashboard listened count too. */
    private void pollGateway() {
        MeshBus.request(vertx, Addresses.GATEWAY_STATUS, new JsonObject(), Correlation.fresh(), GATEWAY_POLL_MS)
                .onSuccess(reply -> {
                    JsonObject detail = reply.body().getJsonObject("detail");
                    Long cycles = detail == null ? null : detail.getLong("cycle_count");
                    if (cycles != null && runtime != null) {
                        runtime.metrics().published(GATEWAY, cycles);
                    }
                });
    }

    @Override
    public Future<?> stop() {
        if (endpoints != null) {
            endpoints.stop();
        }
        if (gatewayPoll >= 0) {
            vertx.cancelTimer(gatewayPoll);
        }
        if (viewRefresh >= 0) {
            vertx.cancelTimer(viewRefresh);
        }
        Future<Void> closed = runtime == null ? Future.succeededFuture() : runtime.close();
        return closed.eventually(() -> claim == null ? Future.succeededFuture() : claim.release());
    }

    private void publish(List<WidgetView> changed) {
        changed.forEach(view -> vertx.eventBus().publish(Addresses.DASHBOARD_WIDGETS, MeshJson.toJson(view)));
    }

    /** Every view (or one channel's, when the request names {@code channel_id}), with the projection's hash. */
    private Object snapshot(JsonObject request) {
        String channel = request == null ? null : request.getString("channel_id");
        if (channel != null) {
            return runtime.channelSnapshot(channel);
        }
        return DashboardViews.of(allViews(), runtime.projection().summaryHash());
    }

    /** The peers' views and the dashboard's own, in id order (its own win a clash). */
    private List<WidgetView> allViews() {
        TreeMap<String, WidgetView> all = new TreeMap<>();
        peers.views().forEach(v -> all.put(v.id(), v));
        runtime.projection().views().forEach(v -> all.put(v.id(), v));
        return List.copyOf(all.values());
    }
}
