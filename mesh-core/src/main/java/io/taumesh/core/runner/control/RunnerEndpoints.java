package io.taumesh.core.runner.control;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.CorrelationContext;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.metrics.RunnerMetrics;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.core.runner.wire.TransportHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Serves a runner on the event bus: {@code tau.<runtime>.status} (the live status), {@code .events}
 * (each committed cycle, published), {@code .control} (control actions), and runs a cycle every interval
 * while there is queued work and the runner is not paused.
 */
public final class RunnerEndpoints {

    private static final Logger LOG = Logger.getLogger(RunnerEndpoints.class.getName());

    private final Vertx vertx;
    private final ContractRunner runner;
    private final RunnerControl control;
    private final ControlHandler controlHandler;
    private final String eventsAddress;
    private final RunnerMetrics metrics;
    private ControlAudit audit;
    private final Deque<CycleReport> recent = new ArrayDeque<>();
    private long loggedCycles;
    private long lastLoggedCycle;
    private long timerId = -1;
    private long refreshTimerId = -1;

    /** How often the metrics' gauges catch up with what changed between cycles (fixtures queued, a pause). */
    static final long METRICS_REFRESH_MS = 1_000;

    private RunnerEndpoints(Vertx vertx, ContractRunner runner, String eventsAddress, ControlHandler handler) {
        this.vertx = vertx;
        this.runner = runner;
        this.control = new RunnerControl(runner);
        this.controlHandler = handler == null ? control : handler;
        this.eventsAddress = eventsAddress;
        this.metrics = new RunnerMetrics(MeshMetrics.of(vertx), runner);
    }

    /** Registers the addresses and starts the interval; completes once every address is registered. */
    public static Future<RunnerEndpoints> start(
            Vertx vertx, ContractRunner runner, MeshService service, NodeIdentity node, long cycleIntervalMs) {
        return start(vertx, runner, service, node, cycleIntervalMs, null);
    }

    /** As above, with control actions answered by {@code handler} (the runner's own {@link RunnerControl} when null). */
    public static Future<RunnerEndpoints> start(
            Vertx vertx,
            ContractRunner runner,
            MeshService service,
            NodeIdentity node,
            long cycleIntervalMs,
            ControlHandler handler) {
        RunnerEndpoints endpoints = new RunnerEndpoints(vertx, runner, Addresses.events(service), handler);
        // Only the tail of the event log: a start costs the same however long the history.
        return AuditTrail.open(vertx, runner.store().dir(), service, node.nodeId())
                .compose(trail -> {
                    endpoints.audit = new ControlAudit(trail, runner.profile().runtime());
                    return vertx.executeBlocking(() -> {
                        runner.store().events().segments(); // primes the segment count a status reports
                        return runner.store().recentEvents(RunnerStatus.RECENT);
                    });
                })
                .compose(events -> {
                    endpoints.loggedCycles = runner.state().cycleCount();
                    endpoints.lastLoggedCycle = runner.state().cycleCount();
                    endpoints.recent.addAll(events.reports());
                    runner.onCycle(endpoints::published);
                    runner.onCycle(endpoints.metrics::cycle);
                    Future<Void> status = StatusEndpoint.serve(
                            vertx,
                            service,
                            node,
                            "running",
                            () -> MeshJson.toJson(endpoints.status()).getMap());
                    Future<Void> controlAddress = vertx.eventBus()
                            .<Object>consumer(Addresses.control(service), endpoints::control)
                            .completion();
                    Future<Void> history = new HistoryEndpoint(vertx, service, runner.store()).serve();
                    return Future.all(
                            status, controlAddress, endpoints.audit.trail().serve(), history);
                })
                .map(v -> {
                    if (cycleIntervalMs > 0) {
                        endpoints.timerId = vertx.setPeriodic(cycleIntervalMs, id -> endpoints.tick());
                    }
                    endpoints.refreshTimerId = vertx.setPeriodic(METRICS_REFRESH_MS, id -> endpoints.metrics.refresh());
                    return endpoints;
                })
                .onFailure(err -> endpoints.stop());
    }

    public RunnerControl control() {
        return control;
    }

    /**
     * Answers a control action with its result, or rejects a body that is not a JSON object; either is in the audit
     * trail, on disk, before the answer goes out.
     */
    private void control(Message<Object> msg) {
        String runtime = runner.profile().runtime();
        Correlation correlation = Correlation.from(msg.headers());
        String origin = ActionOrigin.of(msg.headers());
        CorrelationContext.bind(correlation);
        if (!(msg.body() instanceof JsonObject body)) {
            String got = msg.body() == null ? "nothing" : msg.body().getClass().getSimpleName();
            answer(
                    msg,
                    null,
                    ControlResult.rejected(
                            runtime, null, null, "$: a control action is a JSON object, got " + got, Map.of()),
                    origin);
            return;
        }
        controlHandler
                .apply(body, correlation)
                .onSuccess(result -> CorrelationContext.runWith(correlation, () -> {
                    metrics.control(result);
                    LOG.info(() -> runtime + " control " + result.action() + ": "
                            + result.result().wire() + " (" + result.reason() + ") from " + origin);
                    answer(msg, body, result, origin);
                }));
    }

    private void answer(Message<Object> msg, JsonObject body, ControlResult result, String origin) {
        Correlation correlation = Correlation.from(msg.headers());
        // An audit that cannot be written is logged loudly; the action was applied either way, so it is answered.
        audit.record(body, result, runner.state().latest().lastCycle(), origin, correlation)
                .onComplete(written -> MeshBus.reply(msg, result));
    }

    /** The live status: the committed state, the live queue, and the event log as this process has seen it. */
    public RunnerStatus status() {
        RunnerState state = runner.state();
        RunnerStatus.EventLog log = new RunnerStatus.EventLog(
                runner.store().eventsPath().toString(),
                loggedCycles,
                lastLoggedCycle,
                false,
                List.of(),
                runner.store().events().keptSegments());
        return RunnerStatus.of(
                runner.store().dir().toString(),
                state,
                runner.queueDepth(),
                log,
                new ArrayList<>(recent),
                runner.storageFault());
    }

    public TransportHealth transportHealth() {
        return TransportHealth.of(runner.store().dir().toString(), runner.state(), runner.cycleRunning() ? 1 : 0);
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (refreshTimerId >= 0) {
            vertx.cancelTimer(refreshTimerId);
        }
        metrics.close();
    }

    private void tick() {
        if (runner.state().paused() || runner.cycleRunning() || runner.queueDepth() == 0) {
            return;
        }
        Correlation correlation = Correlation.fresh();
        CorrelationContext.runWith(
                correlation,
                () -> runner.runCycle("interval", correlation)
                        .onFailure(err ->
                                LOG.warning(() -> runner.profile().runtime() + " cycle failed: " + err.getMessage())));
    }

    private void published(CycleReport report) {
        loggedCycles++;
        lastLoggedCycle = report.cycleId();
        recent.addLast(report);
        while (recent.size() > RunnerStatus.RECENT) {
            recent.removeFirst();
        }
        vertx.eventBus()
                .publish(
                        eventsAddress,
                        MeshJson.toJson(report),
                        new DeliveryOptions()
                                .addHeader(
                                        Correlation.REQUEST_ID, report.trace().requestId())
                                .addHeader(
                                        Correlation.TRACEPARENT, report.trace().traceparent()));
    }
}
