package io.taumesh.dashboard;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.runner.control.RunnerBatch;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    }

    /**
     * Opens the state dir, restores the channel views and the projection as the last commit left them (see
     * {@link #restoreProjection}), and queues the fixtures. A stored projection that drifted from its events is
     * counted, logged and rewritten from the history; a history that cannot be replayed is a replay failure:
     * counted, and the start fails.
     */
    public static Future<DashboardRuntime> open(Vertx vertx, RunnerSettings settings) {
        ChannelViews channels = new ChannelViews();
        RuntimeProfile profile = new RuntimeProfile(
                RUNTIME,
                CHANNEL_FIELD,
                new DashboardCaseProcessor(channels, new ControlRouter(vertx)),
                DashboardGate.INSTANCE);
        ProjectionMetrics metrics = new ProjectionMetrics(MeshMetrics.of(vertx));
        return ContractRunner.open(vertx, profile, settings)
                .compose(runner -> vertx.executeBlocking(() -> {
                            channels.restoreFrom(ChannelViews.restore(
                                    runner.store().channels(), runner.state().cycleCount()));
                            try {
                                return restoreProjection(
                                        runner.store(), runner.state().cycleCount());
                            } catch (StateException e) {
                                metrics.replayFailed(RUNTIME);
                                throw e;
                            }
                        })
                        .compose(restored -> {
                            DashboardRuntime runtime =
                                    new DashboardRuntime(vertx, runner, channels, restored.projection(), metrics);
                            runtime.seenSegment = runner.store().events().newestSegment();
                            runtime.started(restored);
                            runner.onCycle(runtime::committed);
                            return runner.enqueue(settings.fixtures(), false).map(queued -> runtime);
                        })
                        .recover(err -> runner.close().transform(closed -> Future.failedFuture(err))))
                .onFailure(err -> metrics.close());
    }

    /**
     * What a start found: the projection, how the stored one drifted (if it did), whether to write it again, and how
     * many event lines a rebuild from the history could not replay.
     */
    record Restored(WidgetProjection projection, Optional<DriftReason> drift, boolean rewrite, int unreplayableLines) {
        static Restored kept(WidgetProjection projection, boolean rewrite) {
            return new Restored(projection, Optional.empty(), rewrite, 0);
        }

        static Restored rebuilt(StateStore store, Optional<DriftReason> drift) throws StateException {
            ProjectionHistory.Replayed replayed = ProjectionHistory.replay(store);
            return new Restored(replayed.projection(), drift, true, replayed.unreplayableLines());
        }
    }

    private void started(Restored restored) {
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
        }
    }

    /**
     * Blocking. The projection as the last committed cycle left it: from {@code widget-views.json} (written after
     * every cycle, with the fold's state), plus the few cycles a crash kept out of it. It is rebuilt from the kept
     * history ({@link ProjectionHistory}) only when that file is missing, too far behind, or drifted: unreadable,
     * written by another projection version, ahead of the events, or not hashing to what it says.
     */
    static Restored restoreProjection(StateStore store, long committedCycle) throws StateException {
        Path file = store.dir().resolve(WIDGET_VIEWS);
        if (!Files.exists(file)) {
            return Restored.rebuilt(store, Optional.empty());
        }
        JsonObject saved = readWidgetViews(file);
        if (saved == null) {
            // An unreadable stored projection cannot hash like the replay.
            return Restored.rebuilt(store, Optional.of(DriftReason.SUMMARY_HASH_MISMATCH));
        }
        JsonObject snapshot = saved.getJsonObject("projection");
        Integer version = saved.getInteger("projection_version");
        if (version == null || version != WidgetProjection.VERSION || snapshot == null) {
            return Restored.rebuilt(store, Optional.of(DriftReason.PROJECTION_VERSION_CHANGED));
        }
        WidgetProjection projection = WidgetProjection.restore(snapshot);
        long claimed = saved.getLong("cycle_id", projection.cycleId());
        if (Math.max(claimed, projection.cycleId()) > committedCycle) {
            return Restored.rebuilt(store, Optional.of(DriftReason.CHECKPOINT_AHEAD));
        }
        if (claimed != projection.cycleId() || !projection.summaryHash().equals(saved.getString("summary_hash"))) {
            return Restored.rebuilt(store, Optional.of(DriftReason.SUMMARY_HASH_MISMATCH));
        }
        long behind = committedCycle - projection.cycleId();
        if (behind == 0) {
            return Restored.kept(projection, false);
        }
        // A crash between a commit and this file: lag, not drift. The missing cycles are at the log's tail.
        if (behind <= StateStore.TAIL_REPLAY_LIMIT) {
            List<CycleReport> tail = store.recentEvents((int) behind).reports();
            if (tail.size() == behind && tail.get(0).cycleId() == projection.cycleId() + 1) {
                tail.forEach(projection::apply);
                return Restored.kept(projection, true);
            }
        }
        return Restored.rebuilt(store, Optional.empty());
    }

    /** {@code widget-views.json}, or null when it cannot be read or parsed (the history rebuilds it). */
    private static JsonObject readWidgetViews(Path file) {
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | DecodeException | ClassCastException e) {
            LOG.warning(
                    () -> "dashboard: " + file + " cannot be read (" + e.getMessage() + "); rebuilt from the history");
            return null;
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
                .onComplete(closed -> metrics.close());
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
        return channels.snapshot(channelId);
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
    private void persist(long cycleId, Map<String, JsonObject> touched) {
        JsonObject widgetViews = widgetViewsFile(cycleId);
        Path stateDir = runner.store().dir();
        persisted = persisted
                .otherwiseEmpty()
                .compose(v -> vertx.executeBlocking(() -> {
                    ChannelViews.write(runner.store().channels(), touched, cycleId);
                    AtomicFiles.write(
                            stateDir.resolve(WIDGET_VIEWS),
                            widgetViews.encodePrettily().getBytes(StandardCharsets.UTF_8));
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
