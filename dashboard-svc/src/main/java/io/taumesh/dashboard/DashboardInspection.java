package io.taumesh.dashboard;

import io.taumesh.core.runner.CycleReport;
import io.taumesh.core.runner.RunnerInspector;
import io.taumesh.core.runner.StateException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The dashboard's own offline commands: rebuild the widget projection from the event log, and evaluate the canary. */
public final class DashboardInspection {

  /** What a replay of {@code runtime-events.jsonl} gives, against what the runner stored. */
  public record Reprojection(int schemaVersion, String stateDir, int cyclesReplayed, int views, String summaryHash,
      String storedSummaryHash, Long storedCycleId, Boolean matches) {
  }

  private final Path stateDir;

  public DashboardInspection(Path stateDir) {
    this.stateDir = stateDir;
  }

  public Reprojection reproject() throws StateException {
    List<CycleReport> reports = events();
    WidgetProjection projection = new WidgetProjection();
    reports.forEach(projection::apply);
    JsonObject stored = storedViews();
    String storedHash = stored == null ? null : stored.getString("summary_hash");
    Long storedCycle = stored == null ? null : stored.getLong("cycle_id");
    String hash = projection.summaryHash();
    return new Reprojection(1, stateDir.toString(), reports.size(), projection.views().size(), hash, storedHash, storedCycle,
        storedHash == null ? null : storedHash.equals(hash));
  }

  /** The canary phases as of {@code asOfMs} (the wall clock, for an operator). */
  public CanaryTracker.Evaluation canary(long asOfMs, boolean signoffComplete) throws StateException {
    CanaryTracker tracker = new CanaryTracker();
    events().forEach(tracker::accept);
    return tracker.evaluate(asOfMs, signoffComplete);
  }

  private List<CycleReport> events() throws StateException {
    return new RunnerInspector(stateDir, DashboardRuntime.RUNTIME).events().reports();
  }

  private JsonObject storedViews() throws StateException {
    Path file = stateDir.resolve(DashboardRuntime.WIDGET_VIEWS);
    try {
      return new JsonObject(Files.readString(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StateException(file + " cannot be read: " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new StateException(file + " is corrupt: not a JSON object", e);
    }
  }
}
