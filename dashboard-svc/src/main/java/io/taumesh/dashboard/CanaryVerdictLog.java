package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.runner.storage.StateStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's {@code canary-verdicts.jsonl}: each canary verdict as it changes ({@link CanaryVerdict}), appended
 * and forced after the cycle it was judged on committed, rolling and kept like the runtime events; a torn last line is
 * left out when read. A crash before a verdict is written records it at the next start. Blocking throughout.
 */
final class CanaryVerdictLog {

    static final String FILE = "canary-verdicts.jsonl";

    private final SegmentedLog log;
    private @Nullable CanaryVerdict last;
    private boolean lastRead;

    private CanaryVerdictLog(SegmentedLog log) {
        this.log = log;
    }

    static CanaryVerdictLog of(StateStore store) {
        return new CanaryVerdictLog(store.log(FILE));
    }

    /** Reads a state dir's verdicts, nothing written (an offline reader's). */
    static CanaryVerdictLog reader(Path stateDir) {
        return new CanaryVerdictLog(new SegmentedLog(stateDir.resolve(FILE), LogRetention.DEFAULT));
    }

    /** Appends {@code verdict} when it is not the verdict last recorded; returns whether it did. */
    boolean record(@Nullable CanaryVerdict verdict) throws IOException {
        if (verdict == null) {
            return false;
        }
        if (!lastRead) {
            try {
                last = latest().orElse(null);
            } catch (RuntimeException unreadable) {
                last = null; // a last line of another shape: the next verdict is recorded after it
            }
            lastRead = true;
        }
        if (verdict.sameVerdict(last)) {
            return false;
        }
        log.append(List.of(MeshJson.toJsonString(verdict)));
        last = verdict;
        return true;
    }

    Optional<CanaryVerdict> latest() throws IOException {
        List<JsonObject> lines = log.tail(1).lines();
        return lines.isEmpty() ? Optional.empty() : Optional.of(MeshJson.bind(lines.get(0), CanaryVerdict.class));
    }

    /** Every verdict recorded and kept, oldest first. */
    List<CanaryVerdict> all() throws IOException {
        List<CanaryVerdict> out = new ArrayList<>();
        log.forEach(line -> out.add(MeshJson.bind(line, CanaryVerdict.class)));
        return out;
    }
}
