package io.taumesh.core.runner.storage;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.OutputRecord;
import io.taumesh.core.runner.wire.RunnerState;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A runtime's state dir: {@code state.json} (whole, atomic), {@code runtime-events.jsonl} (append-only, rolling
 * into segments), the channel store, and the checkpoint that keeps a start flat in the length of the history
 * ({@code checkpoint.json}, {@code case-index.bin}). {@code state.json} is the commit point of a cycle: outputs
 * are written before it, the event line after it, and {@link #recover} repairs what a crash between them left.
 * Blocking throughout.
 */
public final class StateStore {

    private static final Logger LOG = Logger.getLogger(StateStore.class.getName());

    public static final String STATE = "state.json";
    public static final String EVENTS = "runtime-events.jsonl";
    public static final String CHECKPOINT = "checkpoint.json";
    public static final String CASE_INDEX = "case-index.bin";
    /** A derived file this many cycles behind (a crash) catches up from the log's tail, not from its start. */
    public static final int TAIL_REPLAY_LIMIT = 1_000;

    private final Path dir;
    private final String runtime;
    private final StateFs fs;
    private final LogRetention retention;
    private final SegmentedLog events;
    private final ChannelStore channels;
    private final DecisionLog decisions;

    public StateStore(Path dir, String runtime) {
        this(dir, runtime, LogRetention.DEFAULT);
    }

    public StateStore(Path dir, String runtime, LogRetention retention) {
        this(dir, runtime, retention, StateFs.DISK);
    }

    /** A store whose every write goes through {@code fs} (a test's crashing file system; the disk otherwise). */
    public StateStore(Path dir, String runtime, LogRetention retention, StateFs fs) {
        this.dir = dir;
        this.runtime = runtime;
        this.fs = fs;
        this.retention = retention;
        this.events = new SegmentedLog(dir.resolve(EVENTS), retention, fs);
        this.channels = new ChannelStore(dir, runtime, retention, fs);
        this.decisions = new DecisionLog(dir, retention, fs, events);
    }

    /** The gate verdicts as they changed ({@code decisions.jsonl}). */
    public DecisionLog decisions() {
        return decisions;
    }

    public Path dir() {
        return dir;
    }

    /** Another append-only log of this state dir, {@code name}, rolled and kept like the runtime events. */
    public SegmentedLog log(String name) {
        return new SegmentedLog(dir.resolve(name), retention, fs);
    }

    public Path statePath() {
        return dir.resolve(STATE);
    }

    public Path eventsPath() {
        return events.live();
    }

    public SegmentedLog events() {
        return events;
    }

    public ChannelStore channels() {
        return channels;
    }

    /** The stored state, or empty when no cycle has been committed here. */
    public Optional<RunnerState> loadState() throws StateException {
        String text;
        try {
            text = Files.readString(statePath(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(statePath() + " cannot be read: " + e.getMessage(), e);
        }
        RunnerState state;
        try {
            state = MeshJson.fromJson(new JsonObject(text), RunnerState.class);
        } catch (DecodeException | ClassCastException e) {
            throw new StateException(statePath() + " is corrupt: not a JSON object", e);
        } catch (FieldError e) {
            throw new StateException(statePath() + " is corrupt: " + e.getMessage(), e);
        }
        if (!runtime.equals(state.runtime())) {
            throw new StateException(
                    statePath() + " belongs to the '" + state.runtime() + "' runtime, not '" + runtime + "'");
        }
        return Optional.of(state);
    }

    /**
     * Commits a cycle: outputs, then the state (the commit point), then the event line, then the gate decision where
     * its verdict changed ({@link DecisionLog}); then compresses the segments its outputs rolled (a failure there is
     * no failure of the commit: the segment stays plain and readable).
     */
    public void commit(
            Map<String, List<OutputRecord>> outputs,
            RunnerState state,
            CycleReport report,
            @Nullable GateDecision decision)
            throws IOException {
        channels.append(outputs);
        writeState(state);
        events.append(List.of(MeshJson.toJsonString(report)));
        if (decision != null) {
            try {
                decisions.record(decision);
            } catch (IOException | RuntimeException e) {
                // The cycle is committed (state.json): a record that failed is written at the next cycle instead.
                LOG.warning(() -> "gate decision of cycle " + decision.taken().cycleId() + " not recorded yet: " + e);
            }
        }
        if (channels.hasRolled()) {
            try {
                channels.compressRolled();
            } catch (IOException e) {
                LOG.warning(() -> "a rolled channel segment stays uncompressed for now: " + e.getMessage());
            }
        }
    }

    public void writeState(RunnerState state) throws IOException {
        AtomicFiles.write(fs, statePath(), MeshJson.toJsonString(state).getBytes(StandardCharsets.UTF_8));
    }

    /** The last checkpoint, or {@link RunnerCheckpoint#NONE}; one that cannot be read is ignored (everything is read again). */
    public RunnerCheckpoint loadCheckpoint() {
        try {
            return MeshJson.fromJson(
                    new JsonObject(Files.readString(dir.resolve(CHECKPOINT), StandardCharsets.UTF_8)),
                    RunnerCheckpoint.class);
        } catch (IOException | DecodeException | ClassCastException | FieldError e) {
            return RunnerCheckpoint.NONE;
        }
    }

    /**
     * Records a checkpoint: the ids processed since the last one are appended to the case index (forced), then
     * {@code checkpoint.json} is replaced atomically. A crash in between leaves index bytes past the old
     * checkpoint, which the next start cuts off. Returns the case index's length.
     */
    public long checkpoint(long cycleId, long caseIndexBytesBefore, List<String> newCaseIds) throws IOException {
        byte[] index = CaseIdSet.indexBytes(newCaseIds);
        Path file = dir.resolve(CASE_INDEX);
        boolean created = !Files.exists(file);
        long start = created ? 0 : Math.min(Files.size(file), caseIndexBytesBefore);
        if (!created) {
            fs.truncate(file, start); // bytes past the checkpoint belong to one that never completed
        }
        fs.append(file, index);
        fs.force(file);
        if (created) {
            fs.forceDirectory(dir);
        }
        RunnerCheckpoint checkpoint = new RunnerCheckpoint(
                RunnerCheckpoint.NONE.schemaVersion(), cycleId, start + index.length, channels.marks());
        AtomicFiles.write(
                fs, dir.resolve(CHECKPOINT), MeshJson.toJsonString(checkpoint).getBytes(StandardCharsets.UTF_8));
        return checkpoint.caseIndexBytes();
    }

    /** Every processed case id up to the checkpoint, from the case index (the bytes the checkpoint counts). */
    public CaseIdSet readCaseIndex(RunnerCheckpoint checkpoint) throws IOException {
        Path file = dir.resolve(CASE_INDEX);
        long length = Files.exists(file) ? Math.min(Files.size(file), checkpoint.caseIndexBytes()) : 0;
        return CaseIdSet.readIndex(file, length);
    }

    /** The event log's tail, as read: the last cycle reports, and whether the last line is torn. */
    public record Events(List<CycleReport> reports, boolean tornTail, List<Integer> invalidLines) {}

    /** The last {@code max} cycle reports of the live event log: the cost is bounded by {@code max}, not by the history. */
    public Events recentEvents(int max) throws StateException {
        SegmentedLog.Tail tail;
        try {
            tail = events.tail(max);
        } catch (IOException e) {
            throw new StateException(eventsPath() + " cannot be read: " + e.getMessage(), e);
        }
        List<CycleReport> reports = new ArrayList<>(tail.lines().size());
        List<Integer> invalid = new ArrayList<>();
        int index = 0;
        for (JsonObject line : tail.lines()) {
            index++;
            try {
                reports.add(MeshJson.fromJson(line, CycleReport.class));
            } catch (FieldError e) {
                invalid.add(index);
            }
        }
        return new Events(reports, tail.torn(), invalid);
    }

    /**
     * Streams every cycle report of every kept segment and the live log, in order, with memory flat in the history;
     * returns how many lines were not cycle reports.
     */
    public int replayEvents(Consumer<CycleReport> each) throws StateException {
        int[] passedOver = {0};
        try {
            events.forEach(line -> {
                try {
                    each.accept(MeshJson.fromJson(line, CycleReport.class));
                } catch (FieldError e) {
                    // Not a cycle report: a replay passes over it and says how many it did.
                    passedOver[0]++;
                }
            });
        } catch (IOException e) {
            throw new StateException(eventsPath() + " cannot be read: " + e.getMessage(), e);
        }
        return passedOver[0];
    }

    /**
     * Makes the files agree with {@code state.json} after a crash: finishes an interrupted roll, cuts a torn
     * event line, and appends the last committed cycle's event line if the crash came before it was written.
     */
    public void recover(RunnerState state) throws IOException, StateException {
        removeAbandonedTempFiles();
        events.finishRolls();
        JsonLines.cutTornTail(fs, eventsPath());
        if (state.latest().lastCycle() == null) {
            return;
        }
        List<CycleReport> last = recentEvents(1).reports();
        // The live log always ends with the newest line (it rolls before an append), so an empty one lacks it.
        long lastLogged = last.isEmpty() ? 0 : last.get(0).cycleId();
        if (lastLogged < state.cycleCount()) {
            events.append(List.of(MeshJson.toJsonString(state.latest().lastCycle())));
        }
    }

    /** Temp files of whole-file writes a crash interrupted ({@code .state.json.<random>.tmp}): never read, so removed. */
    private void removeAbandonedTempFiles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(".") && name.endsWith(AtomicFiles.TEMP_SUFFIX) && Files.isRegularFile(p);
                    })
                    .toList()) {
                fs.delete(p);
            }
        }
    }
}
