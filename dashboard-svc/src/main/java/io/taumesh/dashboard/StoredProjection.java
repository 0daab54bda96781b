package io.taumesh.dashboard;

import io.taumesh.core.runner.StateException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code widget-views.json} says of the projection it holds: its version, its last cycle and its hash. */
record StoredProjection(Integer version, long cycleId, String summaryHash) {

  /** Blocking: the stored projection, or empty when none was written yet. */
  static Optional<StoredProjection> read(Path file) throws StateException {
    try {
      JsonObject stored = new JsonObject(Files.readString(file));
      return Optional.of(new StoredProjection(stored.getInteger("projection_version"), stored.getLong("cycle_id", 0L),
          stored.getString("summary_hash")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException(file + " cannot be read: " + e.getMessage(), e);
    } catch (DecodeException | ClassCastException e) {
      throw new StateException(file + " is corrupt: not a widget-views object", e);
    }
  }

  /**
   * How this stored projection drifted from a replay of the event log up to {@code lastCycle} that gave {@code hash};
   * empty when it is that replay, or merely behind it (a crash before it was written: lag, not drift).
   */
  Optional<DriftReason> driftFrom(long lastCycle, String hash) {
    if (version == null || version != WidgetProjection.VERSION) {
      return Optional.of(DriftReason.PROJECTION_VERSION_CHANGED);
    }
    if (cycleId > lastCycle) {
      return Optional.of(DriftReason.CHECKPOINT_AHEAD);
    }
    if (cycleId == lastCycle && !hash.equals(summaryHash)) {
      return Optional.of(DriftReason.SUMMARY_HASH_MISMATCH);
    }
    return Optional.empty();
  }
}
