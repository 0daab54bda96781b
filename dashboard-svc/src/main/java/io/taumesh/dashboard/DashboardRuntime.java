package io.taumesh.dashboard;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.metrics.MeshMetrics;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The dashboard runtime assembled: the engine with widget updates and routed control actions as cases,
 * the health gate, each channel's views, and the projection of its own events into widget views, which it
 * keeps in {@code widget-views.json} after every cycle.
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

  private DashboardRuntime(Vertx vertx, ContractRunner runner, ChannelViews channels, WidgetProjection projection,
      ProjectionMetrics metrics) {
    this.vertx = vertx;
    this.runner = runner;
    this.channels = channels;
    this.projection = projection;
    this.metrics = metrics;
  }

  /**
   * Opens the state dir, rebuilds channel views and the projection from what is committed, checks the stored
   * projection against that replay (a drift is counted, logged and repaired by writing the replay), and queues the
   * fixtures. An event log that cannot be replayed is a replay failure: counted, and the start fails.
   */
  public static Future<DashboardRuntime> open(Vertx vertx, DashboardSettings settings) {
    ChannelViews channels = new ChannelViews();
    RuntimeProfile profile = new RuntimeProfile(RUNTIME, CHANNEL_FIELD,
        new DashboardCaseProcessor(channels, new ControlRouter(vertx)), DashboardGate.INSTANCE);
    ProjectionMetrics metrics = new ProjectionMetrics(MeshMetrics.of(vertx));
    return ContractRunner.open(vertx, profile, settings.runner()).compose(runner ->
        vertx.executeBlocking(() -> {
          channels.restoreFrom(ChannelViews.rebuild(runner.store().channels(), runner.state().cycleCount()));
          StateStore.Events events;
          try {
            events = runner.store().readEvents();
          } catch (StateException e) {
            metrics.replayFailed(RUNTIME);
            throw e;
          }
          return new Replay(events, Stored.read(runner.store().dir().resolve(WIDGET_VIEWS)));
        }).compose(replay -> {
          WidgetProjection projection = new WidgetProjection();
          replay.events().reports().forEach(projection::apply);
          if (!replay.events().invalidLines().isEmpty()) {
            metrics.replayFailed(RUNTIME);
            LOG.warning(() -> "dashboard: lines " + replay.events().invalidLines() + " of " + runner.store().eventsPath()
                + " cannot be replayed; the widget projection is rebuilt without them");
          }
          DashboardRuntime runtime = new DashboardRuntime(vertx, runner, channels, projection, metrics);
          runtime.checkStored(replay.stored(), replay.lastCycle());
          runner.onCycle(runtime::committed);
          return runner.enqueue(settings.fixtures(), false).map(queued -> runtime);
        }).recover(err -> runner.close().transform(closed -> Future.failedFuture(err))))
        .onFailure(err -> metrics.close());
  }

  /** What a start replays: the event log, and what {@code widget-views.json} held. */
  private record Replay(StateStore.Events events, Stored stored) {
    long lastCycle() {
      List<CycleReport> reports = events.reports();
      return reports.isEmpty() ? 0 : reports.get(reports.size() - 1).cycleId();
    }
  }

  /** The stored projection: none written yet, unreadable, or read. */
  private record Stored(boolean present, StoredProjection projection) {
    /** Blocking. An unreadable file is logged, to be found drifted and rewritten. */
    static Stored read(Path file) {
      try {
        return StoredProjection.read(file).map(p -> new Stored(true, p)).orElse(new Stored(false, null));
      } catch (StateException e) {
        LOG.warning(() -> "dashboard: " + e.getMessage());
        return new Stored(true, null);
      }
    }
  }

  /** Compares the stored projection with the replay; anything but an exact match is rewritten from the replay. */
  private void checkStored(Stored stored, long lastCycle) {
    metrics.published(RUNTIME, runner.state().cycleCount());
    if (!stored.present()) {
      persist(lastCycle, Map.of());
      return;
    }
    // An unreadable stored projection cannot hash like the replay.
    Optional<DriftReason> drift = stored.projection() == null ? Optional.of(DriftReason.SUMMARY_HASH_MISMATCH)
        : stored.projection().driftFrom(lastCycle, projection.summaryHash());
    drift.ifPresent(reason -> {
      metrics.drift(RUNTIME, reason);
      LOG.warning(() -> "dashboard: the stored widget projection drifted from its events (" + reason.wire()
          + "); rewriting it from a replay of " + lastCycle + " cycle(s)");
    });
    if (drift.isEmpty() && stored.projection().cycleId() == lastCycle) {
      metrics.projected(RUNTIME, lastCycle);
    } else {
      persist(lastCycle, Map.of());
    }
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
    return runner.stopCycles().compose(v -> persisted.otherwiseEmpty()).compose(v -> runner.close())
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
    persisted = vertx.executeBlocking(() -> {
      ChannelViews.write(runner.store().channels(), touched);
      AtomicFiles.write(stateDir.resolve(WIDGET_VIEWS), widgetViews.encodePrettily().getBytes(StandardCharsets.UTF_8));
      return null;
    }).onComplete(written -> {
      metrics.written(written.succeeded());
      if (written.succeeded()) {
        metrics.projected(RUNTIME, cycleId);
      } else {
        LOG.warning(() -> "dashboard: the widget projection of cycle " + cycleId + " could not be written: "
            + written.cause().getMessage());
      }
    }).mapEmpty();
  }

  private JsonObject widgetViewsFile(long cycleId) {
    JsonArray views = new JsonArray();
    projection.views().forEach(v -> views.add(MeshJson.toJson(v)));
    return new JsonObject().put("schema_version", 1).put("projection_version", WidgetProjection.VERSION)
        .put("runtime", RUNTIME).put("cycle_id", cycleId)
        .put("summary_hash", projection.summaryHash()).put("views", views);
  }
}
