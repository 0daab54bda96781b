package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.storage.JsonLines;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The operator's canary decisions of one dashboard state dir: {@code canary-decisions.jsonl}, appended and forced
 * before a decision is answered, read whole at start (decisions are few). A decision whose idempotency key is kept
 * already is not recorded twice. What stands at a point of the history is folded from the decisions made before
 * it, so that a replay of the event log reaches the same standing as the live runtime.
 */
final class CanaryDecisions {

    private static final Logger LOG = Logger.getLogger(CanaryDecisions.class.getName());

    static final String FILE = "canary-decisions.jsonl";

    private final Path file;
    private final List<CanaryDecision> decisions = new CopyOnWriteArrayList<>();
    /** The last dashboard cycle committed: a decision made now applies from the next one. */
    private volatile long lastCommitted;

    private CanaryDecisions(Path file) {
        this.file = file;
    }

    /** The decisions of {@code stateDir}, not read yet ({@link #reload}). */
    static CanaryDecisions at(Path stateDir) {
        return new CanaryDecisions(stateDir.resolve(FILE));
    }

    /** Blocking: reads the decisions of {@code stateDir} (none when the file is missing). */
    static CanaryDecisions load(Path stateDir) throws IOException {
        return at(stateDir).reload();
    }

    /** Blocking: reads the file again, in place of what was kept. */
    CanaryDecisions reload() throws IOException {
        List<CanaryDecision> read = new ArrayList<>();
        for (var line : JsonLines.read(file).objects()) {
            try {
                read.add(MeshJson.fromJson(line, CanaryDecision.class));
            } catch (FieldError e) {
                LOG.warning(() -> "skipping a canary decision it cannot read in " + file + ": " + e.asFieldPath());
            }
        }
        decisions.clear();
        decisions.addAll(read);
        return this;
    }

    /** The runner committed cycle {@code cycleId}. */
    void committed(long cycleId) {
        lastCommitted = cycleId;
    }

    /** Blocking: records a decision made now, applied from the next dashboard cycle. */
    CanaryDecision decide(CanaryDecision.Kind kind, String reason, @Nullable String requestId, @Nullable String key)
            throws IOException {
        return record(new CanaryDecision(
                MeshMessage.SCHEMA_VERSION, kind, reason, Instant.now().toString(), lastCommitted, requestId, key));
    }

    /** No decisions and no file: for a projection of events alone. */
    static CanaryDecisions none() {
        return new CanaryDecisions(Path.of(FILE));
    }

    /** The decision recorded with this idempotency key, if one is. */
    @Nullable
    CanaryDecision withKey(@Nullable String key) {
        return key == null
                ? null
                : decisions.stream()
                        .filter(d -> key.equals(d.idempotencyKey()))
                        .findFirst()
                        .orElse(null);
    }

    /** Blocking: appends the decision (forced) and keeps it; one with a key already kept is not appended again. */
    CanaryDecision record(CanaryDecision decision) throws IOException {
        CanaryDecision earlier = withKey(decision.idempotencyKey());
        if (earlier != null) {
            return earlier;
        }
        JsonLines.append(file, List.of(MeshJson.toJsonString(decision)));
        decisions.add(decision);
        return decision;
    }

    List<CanaryDecision> all() {
        return List.copyOf(decisions);
    }

    /** What stands after every decision. */
    CanaryStanding now() {
        return standing(Long.MAX_VALUE);
    }

    /** Blocking: the decisions of a state dir, for an offline replay of its events. */
    static CanaryDecisions of(StateStore store) throws StateException {
        try {
            return load(store.dir());
        } catch (IOException e) {
            throw new StateException(store.dir().resolve(FILE) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** What stands when cycle {@code cycleId} commits: the decisions made after the cycle before it committed. */
    CanaryStanding before(long cycleId) {
        return standing(cycleId);
    }

    private CanaryStanding standing(long beforeCycleId) {
        CanaryDecision signoff = null;
        CanaryDecision stop = null;
        List<CanaryDecision> made = new ArrayList<>();
        for (CanaryDecision d : decisions) {
            if (d.afterCycleId() >= beforeCycleId) {
                continue;
            }
            made.add(d);
            switch (d.decision()) {
                case SIGNOFF -> signoff = d;
                case HOLD, ABORT -> stop = d;
                case RESUME -> stop = null;
            }
        }
        return new CanaryStanding(signoff, stop, made.isEmpty() ? null : made.get(made.size() - 1));
    }
}
