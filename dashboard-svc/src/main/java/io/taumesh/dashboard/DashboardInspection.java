package io.taumesh.dashboard;

import io.taumesh.core.runner.control.RunnerInspector;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The dashboard's own offline commands: rebuild the widget projection from the event log, and evaluate the canary. */
public final class DashboardInspection {

    /**
     * What a replay of the kept history gives (from the projection checkpoint before its oldest kept segment),
     * against what the runner stored.
     */
    public record Reprojection(
            int schemaVersion,
            String stateDir,
            long cyclesReplayed,
            int views,
            String summaryHash,
            String storedSummaryHash,
            Long storedCycleId,
            Boolean matches) {}

    private final Path stateDir;

    public DashboardInspection(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Reprojection reproject() throws StateException {
        StateStore store = store();
        long before = storedCycleOfCheckpoint(store);
        WidgetProjection projection = ProjectionHistory.replay(store).projection();
        long replayed = projection.cycleId() - before;
        JsonObject stored = storedViews();
        String storedHash = stored == null ? null : stored.getString("summary_hash");
        Long storedCycle = stored == null ? null : stored.getLong("cycle_id");
        String hash = projection.summaryHash();
        return new Reprojection(
                1,
                stateDir.toString(),
                replayed,
                projection.views().size(),
                hash,
                storedHash,
                storedCycle,
                storedHash == null ? null : storedHash.equals(hash));
    }

    /** The canary phases as of {@code asOfMs} (the wall clock, for an operator). */
    public CanaryTracker.Evaluation canary(long asOfMs) throws StateException {
        StateStore store = store();
        return ProjectionHistory.replay(store)
                .projection()
                .canary()
                .evaluate(asOfMs, CanaryDecisions.of(store).now());
    }

    /** The canary verdict recorded last, or the one named by {@code decisionId} ({@code dashboard:canary:<cycle>}). */
    public Optional<CanaryVerdict> recordedCanary(@Nullable String decisionId) throws StateException {
        store();
        try {
            CanaryVerdictLog log = CanaryVerdictLog.reader(stateDir);
            return decisionId == null
                    ? log.latest()
                    : log.all().stream()
                            .filter(v -> v.decisionId().equals(decisionId))
                            .reduce((first, second) -> second);
        } catch (IOException | RuntimeException e) {
            throw new StateException(canaryLog() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Where the canary verdicts are recorded. */
    public Path canaryLog() {
        return stateDir.resolve(CanaryVerdictLog.FILE);
    }

    /** The store, after checking it holds a dashboard state. */
    private StateStore store() throws StateException {
        new RunnerInspector(stateDir, DashboardRuntime.RUNTIME).transportHealth();
        return new StateStore(stateDir, DashboardRuntime.RUNTIME);
    }

    /** The cycle a replay starts after: that of the projection checkpoint before the oldest kept segment, or 0. */
    private static long storedCycleOfCheckpoint(StateStore store) throws StateException {
        return ProjectionHistory.startCycle(store);
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
