package io.taumesh.dashboard;

import io.taumesh.core.runner.storage.ChangeLog;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.runner.storage.StateStore;
import java.io.IOException;
import java.nio.file.Path;
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

    private final ChangeLog<CanaryVerdict> log;

    private CanaryVerdictLog(SegmentedLog log) {
        this.log = new ChangeLog<>(log, CanaryVerdict.class, CanaryVerdict::sameVerdict);
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
        if (verdict == null || !log.differsFromLast(verdict)) {
            return false;
        }
        log.append(verdict);
        return true;
    }

    Optional<CanaryVerdict> latest() throws IOException {
        return log.latest();
    }

    /** Every verdict recorded and kept, oldest first. */
    List<CanaryVerdict> all() throws IOException {
        return log.all();
    }
}
