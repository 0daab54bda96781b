package io.taumesh.dashboard;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.ChannelViewsAnswer;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.runner.control.RunnerBatch;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The dashboard runtime assembled: the engine with widget updates and routed control actions as cases,
 * the health gate, each channel's views, and the projection of its own events into widget views, which it
 * keeps in {@code widget-views.json} after every cycle (with the fold's own state, so that a start continues
 * from it instead of replaying the history).
 */
public final class DashboardRuntime {

    private static final Logger LOG = Logger.getLogger(DashboardRuntime.class.getName());

    public static final String RUNTIME = "dashboard";
    public static final String CHANNEL_FIELD = "channel_id";
    public static final String WIDGET_VIEWS = "widget-views.json";

    private final Vertx vertx;
    private final ContractRunner runner;
    private final ChannelViews channels;
    private final WidgetProjection projection;
    private final ProjectionMetrics metrics;
    private final CanaryVerdictLog verdicts;
    private final CanaryMetrics canaryMetrics;
    private final List<Consumer<List<WidgetView>>> viewListeners = new CopyOnWriteArrayList<>();
    private Future<Void> persisted = Future.succeededFuture();
    /** The newest event-log segment the projection has checkpointed for. */
    private int seenSegment;

    private DashboardRuntime(
            Vertx vertx,
            ContractRunner runner,
            ChannelViews channels,
            WidgetProjection projection,
            ProjectionMetrics metrics) {
        this.vertx = vertx;
        this.runner = runner;
        this.channels = channels;
        this.projection = projection;
        this.metrics = metrics;
        this.verdicts = CanaryVerdictLog.of(runner.store());
        this.canaryMetrics = new CanaryMetrics(MeshMetrics.of(vertx));
    }

    /**
     * Opens the state dir, restores the channel views and the projection as the last commit left them (see
     * {@link StoredProjection#restore}), and queues the fixtures. A stored projection that drifted from its events is
     * counted, logged and rewritten from the history; a history that cannot be replayed is a replay failure:
     * counted, and the start fails.
     */
    public static Future<DashboardRuntime> open(Vertx vertx, RunnerSettings settings) {
        ChannelViews channels = new ChannelViews();
        CanaryDecisions decisions = CanaryDecisions.at(settings.stateDir());
        RuntimeProfile profile = new RuntimeProfile(
                RUNTIME,
                CHANNEL_FIELD,
                new DashboardCaseProcessor(channels, new ControlRouter(vertx), decisions),
                DashboardGate.INSTANCE);
        ProjectionMetrics metrics = new ProjectionMetrics(MeshMetrics.of(vertx));
        return ContractRunner.open(vertx, profile, settings)
                .compose(runner -> vertx.executeBlocking(() -> {
                            channels.restoreFrom(ChannelViews.restore(
                                    runner.store().channels(), runner.state().cycleCount()));
                            decisions.reload().committed(runner.state().cycleCount());
                            try {
                                return StoredProjection.restore(
                                        runner.store(), runner.state().cycleCount());
                            } catch (StateException e) {
                                metrics.replayFailed(RUNTIME);
                                throw e;
                            }
                        })
                        .compose(restored -> {
                            DashboardRuntime runtime = new DashboardRuntime(
                                    vertx,
                                    runner,
                                    channels,
                                    restored.projection().decidingWith(decisions),
                                    metrics);
                            runtime.seenSegment = runner.store().events().newestSegment();
                            runtime.started(restored);
                            runner.onCycle(runtime::committed);
                            runner.onCycle(r -> decisions.committed(r.cycleId()));
                            return runner.enqueue(settings.fixtures(), false).map(queued -> runtime);
                        })
                        .recover(err -> runner.close().transform(closed -> Future.failedFuture(err))))
                .onFailure(err -> metrics.close());
    }

    private void started(StoredProjection.Restored restored) {
        long cycle = runner.state().cycleCount();
        metrics.published(RUNTIME, cycle);
        if (restored.unreplayableLines() > 0) {
            metrics.replayFailed(RUNTIME);
            LOG.warning(() -> "dashboard: " + restored.unreplayableLines() + " line(s) of "
                    + runner.store().eventsPath()
                    + " cannot be replayed; the widget projection is rebuilt without them");
        }
        restored.drift().ifPresent(reason -> {
            metrics.drift(RUNTIME, reason);
            LOG.warning(() -> "dashboard: the stored widget projection drifted from its events (" + reason.wire()
                    + "); rewritten from the kept history up to cycle " + cycle);
        });
        if (restored.rewrite()) {
            persist(cycle, Map.of());
        } else {
            metrics.projected(RUNTIME, cycle);
            // A crash after the last commit and before its verdict landed: recorded now (unchanged, nothing written).
            CanaryVerdict verdict = projection.canaryVerdict();
            persisted = vertx.executeBlocking(() -> recordVerdict(verdict))
                    .onFailure(err -> verdictNotKept(cycle, err))
                    .mapEmpty();
        }
    }

    /**
     * Runs the fixtures to the end in the foreground, then releases the state dir once the derived files have
     * landed; completes with the runtime (closed, still readable). Call on a Vert.x context.
     */
    public static Future<DashboardRuntime> runToCompletion(
            Vertx vertx, RunnerSettings settings, int maxCycles, Consumer<CycleReport> progress) {
        return open(vertx, settings)
                .compose(runtime -> RunnerBatch.drain(runtime.runner, maxCycles, Correlation.fresh(), progress)
                        .eventually(runtime::close)
                        .map(runtime));
    }

    /** Lets a cycle in progress commit and its derived files land, then releases the state dir. */
    public Future<Void> close() {
        return runner.stopCycles()
                .compose(v -> persisted.otherwiseEmpty())
                .compose(v -> runner.close())
                .onComplete(closed -> {
                    metrics.close();
                    canaryMetrics.close();
                });
    }

    public ContractRunner runner() {
        return runner;
    }

    public WidgetProjection projection() {
        return projection;
    }

    /** The projection's service-level metrics, which the service feeds with the peers' events too. */
    ProjectionMetrics metrics() {
        return metrics;
    }

    public JsonObject channelSnapshot(String channelId) {
        return MeshJson.toJson(channels.snapshot(channelId));
    }

    /** Called with the views each committed cycle changed. */
    public void onViews(Consumer<List<WidgetView>> listener) {
        viewListeners.add(listener);
    }

    private void committed(CycleReport report) {
        metrics.published(RUNTIME, report.cycleId());
        // The log rolls before it takes this cycle's line: the projection as it stands is the one after the segment.
        int segment = runner.store().events().newestSegment();
        if (segment != seenSegment) {
            JsonObject checkpoint = projection.snapshot();
            persisted = persisted
                    .otherwiseEmpty()
                    .compose(v -> vertx.executeBlocking(() -> {
                        ProjectionHistory.keep(runner.store(), segment, checkpoint);
                        return null;
                    }));
            seenSegment = segment;
        }
        List<WidgetView> changed = projection.apply(report);
        persist(report.cycleId(), channels.drainTouched());
        viewListeners.forEach(l -> l.accept(changed));
    }

    /**
     * Writes the derived files after a commit: the touched channels' views and the projection. A crash before they
     * land is repaired at the next start; a failed write is counted and logged, and the next cycle writes again.
     */
    private void persist(long cycleId, Map<String, ChannelViewsAnswer> touched) {
        JsonObject widgetViews = widgetViewsFile(cycleId);
        CanaryVerdict verdict = projection.canaryVerdict();
        Path stateDir = runner.store().dir();
        persisted = persisted
                .otherwiseEmpty()
                .compose(v -> vertx.executeBlocking(() -> {
                    ChannelViews.write(runner.store().channels(), touched, cycleId);
                    AtomicFiles.write(
                            stateDir.resolve(WIDGET_VIEWS),
                            widgetViews.encodePrettily().getBytes(StandardCharsets.UTF_8));
                    try {
                        recordVerdict(verdict);
                    } catch (IOException | RuntimeException e) {
                        // The verdict stands in the views; the log takes it at the next cycle or start instead.
                        verdictNotKept(cycleId, e);
                    }
                    return null;
                }))
                .onComplete(written -> {
                    metrics.written(written.succeeded());
                    if (written.succeeded()) {
                        metrics.projected(RUNTIME, cycleId);
                    } else {
                        LOG.warning(() -> "dashboard: the widget projection of cycle " + cycleId
                                + " could not be written: " + written.cause().getMessage());
                    }
                })
                .mapEmpty();
    }

    /** Blocking: the canary's verdict after a cycle, appended to its log when it changed, and into its metrics. */
    private boolean recordVerdict(CanaryVerdict verdict) throws IOException {
        boolean recorded = verdicts.record(verdict);
        canaryMetrics.verdict(verdict, recorded);
        return recorded;
    }

    private static void verdictNotKept(long cycleId, Throwable err) {
        LOG.warning(() -> "dashboard: the canary verdict of cycle " + cycleId + " is not recorded in "
                + CanaryVerdictLog.FILE + " yet: " + err);
    }

    private JsonObject widgetViewsFile(long cycleId) {
        JsonArray views = new JsonArray();
        projection.views().forEach(v -> views.add(MeshJson.toJson(v)));
        return new JsonObject()
                .put("schema_version", 1)
                .put("projection_version", WidgetProjection.VERSION)
                .put("runtime", RUNTIME)
                .put("cycle_id", cycleId)
                .put("summary_hash", projection.summaryHash())
                .put("views", views)
                .put("projection", projection.snapshot());
    }
}
