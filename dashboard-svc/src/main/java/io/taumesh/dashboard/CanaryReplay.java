package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The recorded canary verdicts judged again: the kept history is folded as the runtime folds it, with the operator's
 * decisions, and each verdict of {@code canary-verdicts.jsonl} is compared, whole, with the one the fold gives after
 * the same cycle. Offline and blocking.
 */
public final class CanaryReplay {

    /** A recorded verdict the replay does not give again: what was recorded and what the history gives. */
    public record Difference(long cycleId, String at, String recorded, String replayed) {}

    /**
     * What a replay found: the cycles folded, the verdicts recorded, how many of them were compared and how many
     * rest on history that retention removed (not judged again), and those that differ.
     */
    public record Result(
            int cyclesReplayed, int recorded, int compared, int beforeHistory, List<Difference> differing) {}

    private CanaryReplay() {}

    /** Replays the dashboard state dir {@code stateDir}. */
    public static Result of(Path stateDir) throws StateException {
        StateStore store = new StateStore(stateDir, DashboardRuntime.RUNTIME);
        List<CanaryVerdict> recorded;
        try {
            recorded = CanaryVerdictLog.reader(stateDir).all();
        } catch (IOException | RuntimeException e) {
            throw new StateException(stateDir.resolve(CanaryVerdictLog.FILE) + " cannot be read: " + e.getMessage(), e);
        }
        Map<Long, CanaryVerdict> byCycle = new HashMap<>();
        recorded.forEach(v -> byCycle.put(v.cycleId(), v));
        long start = ProjectionHistory.startCycle(store);
        List<Difference> differing = new ArrayList<>();
        int[] folded = {0};
        int[] compared = {0};
        ProjectionHistory.replay(store, projection -> {
            folded[0]++;
            CanaryVerdict wanted = byCycle.remove(projection.cycleId());
            if (wanted != null) {
                compared[0]++;
                compare(wanted, projection.canaryVerdict()).ifPresent(differing::add);
            }
        });
        int before = 0;
        for (CanaryVerdict left : byCycle.values()) {
            if (left.cycleId() <= start) {
                before++;
            } else {
                differing.add(
                        new Difference(left.cycleId(), left.at(), describe(left), "no such cycle in the kept history"));
            }
        }
        differing.sort((a, b) -> Long.compare(a.cycleId(), b.cycleId()));
        return new Result(folded[0], recorded.size(), compared[0], before, List.copyOf(differing));
    }

    private static Optional<Difference> compare(CanaryVerdict recorded, @Nullable CanaryVerdict replayed) {
        if (replayed == null) {
            return Optional.of(new Difference(recorded.cycleId(), recorded.at(), describe(recorded), "no verdict"));
        }
        JsonObject was = MeshJson.toJson(recorded);
        JsonObject is = MeshJson.toJson(replayed);
        if (was.equals(is)) {
            return Optional.empty();
        }
        List<String> fields = was.fieldNames().stream()
                .filter(f -> !Objects.equals(was.getValue(f), is.getValue(f)))
                .sorted()
                .toList();
        String given = describe(replayed) + " (differs in " + String.join(", ", fields)
                + (recorded.policyVersion().equals(replayed.policyVersion())
                        ? ""
                        : "; recorded under canary profile " + recorded.policyVersion() + ", replayed under "
                                + replayed.policyVersion())
                + ")";
        return Optional.of(new Difference(recorded.cycleId(), recorded.at(), describe(recorded), given));
    }

    /** A verdict in a few words: how far promotion may go and what blocks the next phase. */
    static String describe(CanaryVerdict v) {
        String to = v.promotableTo() == null ? "no phase" : "promotable to " + v.promotableTo();
        if (v.nextPhase() == null) {
            return to;
        }
        List<String> blockers = v.phases().stream()
                .filter(p -> p.phase().equals(v.nextPhase()))
                .findFirst()
                .map(CanaryTracker.Phase::blockedBy)
                .orElse(List.of());
        return to + ", " + v.nextPhase() + " blocked by " + String.join("; ", blockers);
    }
}
