package io.taumesh.dashboard;

import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Blocking. The dashboard's widget projection as its last committed cycle left it, from {@code widget-views.json}, or
 * rebuilt from the history when that file is missing, behind or drifted.
 */
final class StoredProjection {

    private static final Logger LOG = Logger.getLogger(StoredProjection.class.getName());

    private StoredProjection() {}

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

    /**
     * Blocking. The projection as the last committed cycle left it: from {@code widget-views.json} (written after
     * every cycle, with the fold's state), plus the few cycles a crash kept out of it. It is rebuilt from the kept
     * history ({@link ProjectionHistory}) only when that file is missing, too far behind, or drifted: unreadable,
     * written by another projection version, ahead of the events, or not hashing to what it says.
     */
    static Restored restore(StateStore store, long committedCycle) throws StateException {
        Path file = store.dir().resolve(DashboardRuntime.WIDGET_VIEWS);
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
        WidgetProjection projection = WidgetProjection.restore(snapshot).decidingWith(CanaryDecisions.of(store));
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
}
