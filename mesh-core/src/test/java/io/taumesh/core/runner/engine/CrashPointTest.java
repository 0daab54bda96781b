package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.CrashingStateFs;
import io.taumesh.core.files.CrashingStateFs.Loss;
import io.taumesh.core.files.CrashingStateFs.Op;
import io.taumesh.core.runner.NumbersRuntime;
import io.taumesh.core.runner.control.RunnerBatch;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every crash point of a runner's state writes: a run (start with its repairs, cycles that append outputs, write
 * the state, append the event line and roll logs into segments, and a close that checkpoints the case index) is
 * stopped before each of its file operations in turn, once as a killed process and once as a power loss, and
 * the next start must find the old or the new state, lose no acknowledged cycle, keep nothing of one that did
 * not commit, and go on to process every case exactly once.
 */
@DisplayName("Crash points of the state writes")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class CrashPointTest {

    static final RuntimeProfile NUMBERS = NumbersRuntime.PROFILE;
    static final int CASES = 150;
    /** 24 cycles of 3 cases leave the event log's live file a line short of rolling, each channel's 8 lines in. */
    static final int BASE_CYCLES = 24;

    static final int BASE_QUEUE_LIMIT = 3;
    /** Two cycles of 30 roll the event log in the first and every channel's outputs in the second. */
    static final int RUN_CYCLES = 2;

    static final int QUEUE_LIMIT = 30;

    private static Path work;
    private static Path fixture;
    private static Path template;

    /** On tmpfs where there is one: a force costs nothing there, and a crash point is about order, not speed. */
    @BeforeAll
    static void prepare() throws Exception {
        Path shm = Path.of("/dev/shm");
        work = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "tau-crash-")
                : Files.createTempDirectory("tau-crash-");
        JsonArray cases = new JsonArray();
        IntStream.range(0, CASES)
                .forEach(i -> cases.add(new JsonObject()
                        .put("case_id", "c-" + i)
                        .put("channel_id", "ch-" + (i % 3))
                        .put("value", i)));
        fixture = work.resolve("crash.json");
        Files.writeString(
                fixture,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "numbers")
                        .put("cases", cases)
                        .encode());
        template = work.resolve("template");
        Vertx vertx = Vertx.vertx();
        try {
            OnContext on = new OnContext(vertx);
            on.await(() -> ContractRunner.open(vertx, NUMBERS, settings(template, BASE_QUEUE_LIMIT))
                    .compose(runner -> runner.enqueue(List.of(fixture), false)
                            .compose(q -> RunnerBatch.drain(runner, BASE_CYCLES, Correlation.fresh(), r -> {}))
                            .eventually(runner::close)));
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Segments small enough that the run rolls both logs, and kept long enough that a test sees every line. */
    static RunnerSettings settings(Path stateDir, int queueLimit) {
        return new RunnerSettings(
                stateDir, List.of(), queueLimit, 0, RetryPolicy.DEFAULT, new LogRetention(4096, 10_000));
    }

    /** The run under test, through {@code fs}; returns the cycles acknowledged (committed and reported) before it stopped. */
    private static int run(Vertx vertx, Path stateDir, CrashingStateFs fs) throws Exception {
        OnContext on = new OnContext(vertx);
        int[] acknowledged = {0};
        Future<ContractRunner> opened;
        try {
            ContractRunner runner =
                    on.await(() -> ContractRunner.open(vertx, NUMBERS, settings(stateDir, QUEUE_LIMIT), fs));
            opened = Future.succeededFuture(runner);
        } catch (Exception | CrashingStateFs.Crash e) {
            assertThat(fs.crashed())
                    .as("the start failed only by the crash: %s", e)
                    .isTrue();
            return 0;
        }
        ContractRunner runner = opened.result();
        try {
            on.await(() -> runner.enqueue(List.of(fixture), false)
                    .compose(q -> RunnerBatch.drain(runner, RUN_CYCLES, Correlation.fresh(), r -> acknowledged[0]++)));
        } catch (Exception | CrashingStateFs.Crash e) {
            assertThat(fs.crashed())
                    .as("a cycle failed only by the crash: %s", e)
                    .isTrue();
        }
        try {
            on.await(runner::close);
        } catch (Exception | CrashingStateFs.Crash e) {
            assertThat(fs.crashed())
                    .as("the close failed only by the crash: %s", e)
                    .isTrue();
        }
        return acknowledged[0];
    }

    @Test
    @DisplayName(
            "every rename of a state write is followed by a force of its directory before anything else is renamed")
    void directoryForcedAfterEachRename(Vertx vertx) throws Exception {
        Path dir = copyOfTemplate("recorded");
        CrashingStateFs recording = CrashingStateFs.recording();
        assertThat(run(vertx, dir, recording)).isEqualTo(RUN_CYCLES);
        List<Op> ops = recording.ops();
        List<Op> renames = ops.stream().filter(o -> o.kind().equals("rename")).toList();
        assertThat(renames)
                .as("renames of state.json, checkpoint.json and segments")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(renames)
                .filteredOn(o ->
                        o.target().toString().contains("/segments/") && o.kind().equals("rename"))
                .as("rolls of the event log and of the three channels' outputs, and their compressions")
                .hasSize(8);
        assertThat(renames).anyMatch(o -> o.target().getFileName().toString().equals(StateStore.CHECKPOINT));
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (!op.kind().equals("rename")) {
                continue;
            }
            Path dirOfTarget = op.target().getParent();
            int j = i + 1;
            while (j < ops.size()
                    && !(ops.get(j).kind().equals("force-dir")
                            && ops.get(j).path().equals(dirOfTarget))) {
                assertThat(ops.get(j).kind())
                        .as("op %d after %s, before its directory is forced", j, op)
                        .isNotEqualTo("rename");
                j++;
            }
            assertThat(j).as("%s is followed by a force of %s", op, dirOfTarget).isLessThan(ops.size());
        }
        // And a file a run creates (a new channel's log, the case index) is forced into its directory too.
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).kind().equals("force") && ops.get(i).path().endsWith(StateStore.CASE_INDEX)) {
                assertThat(ops.get(i).path()).exists();
            }
        }
    }

    @Test
    @DisplayName(
            "a crash before any file operation of a run, by kill or by power loss, recovers to the old or the new state with every case once")
    void everyCrashPoint(Vertx vertx) throws Exception {
        CrashingStateFs recording = CrashingStateFs.recording();
        run(vertx, copyOfTemplate("count"), recording);
        long points = recording.count();
        assertThat(points).as("file operations in the run").isGreaterThan(20);
        int checked = 0;
        for (Loss loss : Loss.values()) {
            for (long k = 0; k < points; k++) {
                Path dir = copyOfTemplate(loss + "-" + k);
                CrashingStateFs fs = CrashingStateFs.crashingAt(k, loss);
                int acknowledged = run(vertx, dir, fs);
                assertThat(fs.crashed()).isTrue();
                checkRecovery(
                        vertx, dir, acknowledged, loss + " crash before op " + k + " (" + opAt(recording, k) + ")");
                checked++;
            }
        }
        System.out.println(
                "crash points checked: " + checked + " (" + points + " file operations, kill and power loss)");
    }

    private static String opAt(CrashingStateFs recording, long k) {
        return recording.ops().get((int) k).toString();
    }

    /** What the next start must find after a crash, and that going on from there processes every case exactly once. */
    private static void checkRecovery(Vertx vertx, Path dir, int acknowledged, String what) throws Exception {
        // state.json is a whole file, holding every acknowledged cycle and at most the one in flight.
        RunnerState onDisk = new StateStore(dir, NUMBERS.runtime()).loadState().orElseThrow();
        long committed = onDisk.cycleCount();
        assertThat(committed)
                .as("%s: committed cycles (base %d, acknowledged %d)", what, BASE_CYCLES, acknowledged)
                .isBetween((long) BASE_CYCLES + acknowledged, (long) BASE_CYCLES + acknowledged + 1);

        OnContext on = new OnContext(vertx);
        ContractRunner reopened = on.await(() -> ContractRunner.open(vertx, NUMBERS, settings(dir, CASES)));
        try {
            assertThat(reopened.state().cycleCount()).as(what).isEqualTo(committed);
            StateStore store = reopened.store();
            checkHistory(store, committed, what);
            // Every case of a committed cycle is known as processed; none of a cycle that did not commit is.
            on.await(() -> reopened.enqueue(List.of(fixture), false)
                    .compose(q -> RunnerBatch.drain(reopened, 10, Correlation.fresh(), r -> {})));
            for (int i = 0; i < CASES; i++) {
                assertThat(reopened.wasProcessed("c-" + i))
                        .as("%s: c-%d processed", what, i)
                        .isTrue();
            }
        } finally {
            on.await(reopened::close);
        }
        StateStore after = new StateStore(dir, NUMBERS.runtime());
        RunnerState finished = after.loadState().orElseThrow();
        Map<String, Integer> seen = checkHistory(after, finished.cycleCount(), what + ", then drained");
        assertThat(seen)
                .as("%s: every case once in the outputs", what)
                .hasSize(CASES)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(finished.tallies().counters().casesProcessed()).as(what).isEqualTo(CASES);
        // The checkpoint written at the close holds every id: a start from it knows them all without the logs.
        assertThat(after.readCaseIndex(after.loadCheckpoint()).size())
                .as("%s: ids in the case index", what)
                .isEqualTo(CASES);
    }

    /**
     * The event log holds cycles 1..committed once each, in order; the outputs hold exactly the cases of those
     * cycles, as many per cycle as its report counts; the counters add up. Returns how often each case appears.
     */
    private static Map<String, Integer> checkHistory(StateStore store, long committed, String what) throws Exception {
        List<CycleReport> reports = new ArrayList<>();
        int passedOver = store.replayEvents(reports::add);
        assertThat(passedOver).as(what).isZero();
        assertThat(reports)
                .extracting(CycleReport::cycleId)
                .as("%s: cycles in the event log", what)
                .containsExactlyElementsOf(LongStreamRange.of(1, committed));
        Map<Long, Integer> linesPerCycle = new HashMap<>();
        Map<String, Integer> perCase = new HashMap<>();
        for (String channel : List.of("ch-0", "ch-1", "ch-2")) {
            store.channels().log(channel).forEach(line -> {
                long cycle = line.getLong("cycle_id");
                assertThat(cycle)
                        .as("%s: an output of cycle %d, after the last committed %d", what, cycle, committed)
                        .isLessThanOrEqualTo(committed);
                linesPerCycle.merge(cycle, 1, Integer::sum);
                perCase.merge(line.getString("case_id"), 1, Integer::sum);
            });
        }
        long processed = 0;
        for (CycleReport r : reports) {
            assertThat(linesPerCycle.getOrDefault(r.cycleId(), 0))
                    .as("%s: outputs of cycle %d", what, r.cycleId())
                    .isEqualTo(r.results().counts().processed());
            processed += r.results().counts().processed();
        }
        assertThat(perCase.values()).as("%s: no case twice", what).allMatch(n -> n == 1);
        RunnerState state = store.loadState().orElseThrow();
        assertThat(state.tallies().counters().casesProcessed())
                .as("%s: counters", what)
                .isEqualTo(processed);
        assertThat(state.tallies().counters().cycles()).as(what).isEqualTo(committed);
        assertThat(MeshJson.toJson(state.latest().lastCycle()).getLong("cycle_id"))
                .as(what)
                .isEqualTo(committed);
        return perCase;
    }

    /** 1..n as a list. */
    private static final class LongStreamRange {
        static List<Long> of(long from, long to) {
            return LongStream.rangeClosed(from, to).boxed().toList();
        }
    }

    private static Path copyOfTemplate(String name) throws IOException {
        Path target = work.resolve(name);
        try (Stream<Path> all = Files.walk(template)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}
