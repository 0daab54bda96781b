package io.taumesh.dashboard;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.runner.ContractRunner;
import io.taumesh.core.runner.CycleReport;
import io.taumesh.core.runner.RunnerBatch;
import io.taumesh.core.runner.RuntimeProfile;
import io.taumesh.core.runner.StateException;
import io.taumesh.core.runner.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The dashboard runtime assembled: the engine with widget updates and routed control actions as cases,
 * the health gate, each channel's views, and the projection of its own events into widget views, which it
 * keeps in {@code widget-views.json} after every cycle.
 */
public final class DashboardRuntime {

  public static final String RUNTIME = "dashboard";
  public static final String CHANNEL_FIELD = "channel_id";
  public static final String WIDGET_VIEWS = "widget-views.json";

  private final Vertx vertx;
  private final ContractRunner runner;
  private final ChannelViews channels;
  private final WidgetProjection projection;
  private final List<Consumer<List<WidgetView>>> viewListeners = new CopyOnWriteArrayList<>();
  private Future<Void> persisted = Future.succeededFuture();
  /** The newest event-log segment the projection has checkpointed for. */
  private int seenSegment;

  private DashboardRuntime(Vertx vertx, ContractRunner runner, ChannelViews channels, WidgetProjection projection) {
    this.vertx = vertx;
    this.runner = runner;
    this.channels = channels;
    this.projection = projection;
  }

  /** Opens the state dir, rebuilds channel views and the projection from what is committed, and queues the fixtures. */
  public static Future<DashboardRuntime> open(Vertx vertx, DashboardSettings settings) {
    ChannelViews channels = new ChannelViews();
    RuntimeProfile profile = new RuntimeProfile(RUNTIME, CHANNEL_FIELD,
        new DashboardCaseProcessor(channels, new ControlRouter(vertx)), DashboardGate.INSTANCE);
    return ContractRunner.open(vertx, profile, settings.runner()).compose(runner ->
        vertx.executeBlocking(() -> {
          channels.restoreFrom(ChannelViews.restore(runner.store().channels(), runner.state().cycleCount()));
          return restoreProjection(runner.store(), runner.state().cycleCount());
        }).compose(projection -> {
          DashboardRuntime runtime = new DashboardRuntime(vertx, runner, channels, projection);
          runtime.seenSegment = runner.store().events().newestSegment();
          runner.onCycle(runtime::committed);
          return runner.enqueue(settings.fixtures(), false).map(queued -> runtime);
        }).recover(err -> runner.close().transform(closed -> Future.failedFuture(err))));
  }

  /**
   * Runs the fixtures to the end in the foreground, then releases the state dir once the derived files have
   * landed; completes with the runtime (closed, still readable). Call on a Vert.x context.
   */
  public static Future<DashboardRuntime> runToCompletion(Vertx vertx, DashboardSettings settings, int maxCycles,
      Consumer<CycleReport> progress) {
    return open(vertx, settings).compose(runtime ->
        RunnerBatch.drain(runtime.runner, maxCycles, Correlation.fresh(), progress)
            .eventually(runtime::close).map(runtime));
  }

  /** Lets a cycle in progress commit and its derived files land, then releases the state dir. */
  public Future<Void> close() {
    return runner.stopCycles().compose(v -> persisted.otherwiseEmpty()).compose(v -> runner.close());
  }

  public ContractRunner runner() {
    return runner;
  }

  public WidgetProjection projection() {
    return projection;
  }

  public JsonObject channelSnapshot(String channelId) {
    return channels.snapshot(channelId);
  }

  /** Called with the views each committed cycle changed. */
  public void onViews(Consumer<List<WidgetView>> listener) {
    viewListeners.add(listener);
  }

  private void committed(CycleReport report) {
    // The log rolls before it takes this cycle's line: the projection as it stands is the one after the segment.
    int segment = runner.store().events().newestSegment();
    JsonObject segmentCheckpoint = segment != seenSegment ? projection.snapshot() : null;
    seenSegment = segment;
    List<WidgetView> changed = projection.apply(report);
    Map<String, JsonObject> touched = channels.drainTouched();
    JsonObject widgetViews = widgetViewsFile(report.cycleId());
    Path stateDir = runner.store().dir();
    // Derived files, written after the commit: a crash before they land is repaired at the next start.
    persisted = vertx.executeBlocking(() -> {
      if (segmentCheckpoint != null) {
        ProjectionHistory.keep(runner.store(), segment, segmentCheckpoint);
      }
      ChannelViews.write(runner.store().channels(), touched, report.cycleId());
      AtomicFiles.write(stateDir.resolve(WIDGET_VIEWS), widgetViews.encodePrettily().getBytes(StandardCharsets.UTF_8));
      return null;
    });
    viewListeners.forEach(l -> l.accept(changed));
  }

  /**
   * Blocking. The projection as the last committed cycle left it: from {@code widget-views.json} (written after
   * every cycle, with the fold's state), plus the few cycles a crash kept out of it; from the history only
   * when that file is missing or too far behind.
   */
  static WidgetProjection restoreProjection(StateStore store, long committedCycle) throws StateException {
    JsonObject saved = readWidgetViews(store.dir());
    JsonObject snapshot = saved == null ? null : saved.getJsonObject("projection");
    if (snapshot != null) {
      WidgetProjection projection = WidgetProjection.restore(snapshot);
      long behind = committedCycle - projection.cycleId();
      if (behind == 0) {
        return projection;
      }
      if (behind > 0 && behind <= StateStore.TAIL_REPLAY_LIMIT) {
        List<CycleReport> tail = store.recentEvents((int) behind).reports();
        if (tail.size() == behind && tail.get(0).cycleId() == projection.cycleId() + 1) {
          tail.forEach(projection::apply);
          return projection;
        }
      }
    }
    return ProjectionHistory.replay(store);
  }

  /** {@code widget-views.json}, or null when there is none (or it cannot be read: the history rebuilds it). */
  static JsonObject readWidgetViews(Path stateDir) {
    try {
      return new JsonObject(java.nio.file.Files.readString(stateDir.resolve(WIDGET_VIEWS), StandardCharsets.UTF_8));
    } catch (java.io.IOException | io.vertx.core.json.DecodeException e) {
      return null;
    }
  }

  private JsonObject widgetViewsFile(long cycleId) {
    JsonArray views = new JsonArray();
    projection.views().forEach(v -> views.add(MeshJson.toJson(v)));
    return new JsonObject().put("schema_version", 1).put("runtime", RUNTIME).put("cycle_id", cycleId)
        .put("summary_hash", projection.summaryHash()).put("views", views).put("projection", projection.snapshot());
  }
}
