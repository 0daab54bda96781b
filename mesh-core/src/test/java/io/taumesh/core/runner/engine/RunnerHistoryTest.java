package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.NumbersRuntime;
import io.taumesh.core.runner.control.RunnerBatch;
import io.taumesh.core.runner.storage.JsonLines;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A runner's history: checkpointed, rolled into segments, and reopened from what it kept. */
@DisplayName("Runner history")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class RunnerHistoryTest {

    static final RuntimeProfile NUMBERS = NumbersRuntime.PROFILE;

    @TempDir
    Path work;

    private Path fixture(String name, int cases) throws Exception {
        JsonArray all = new JsonArray();
        IntStream.range(0, cases)
                .forEach(i -> all.add(new JsonObject()
                        .put("case_id", name + "-" + i)
                        .put("channel_id", i % 2 == 0 ? "even" : "odd")
                        .put("value", i)));
        Path file = work.resolve(name + ".json");
        Files.writeString(
                file,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "numbers")
                        .put("cases", all)
                        .encode());
        return file;
    }

    private RunnerSettings settings(Path stateDir) {
        // Small segments so that a short history rolls, and one queued case a cycle so that it is many cycles.
        return new RunnerSettings(stateDir, List.of(), 1, 0, RetryPolicy.DEFAULT, new LogRetention(8 * 1024, 2));
    }

    /** Opens, queues the fixtures, drains them, closes: what the foreground contract runner does. */
    private ContractRunner run(Vertx vertx, RunnerSettings settings, Path... fixtures) throws Exception {
        OnContext on = new OnContext(vertx);
        return on.await(() -> ContractRunner.open(vertx, NUMBERS, settings)
                .compose(runner -> runner.enqueue(List.of(fixtures), false)
                        .compose(queued -> RunnerBatch.drain(runner, 10_000, Correlation.fresh(), r -> {}))
                        .eventually(runner::close)
                        .map(runner)));
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    @DisplayName(
            "a history longer than the logs keep reopens from its checkpoint: every id processed, every record counted")
    void reopensFromCheckpoint(Vertx vertx) throws Exception {
        Path stateDir = work.resolve("state");
        Path first = fixture("first", 300);
        ContractRunner ran = run(vertx, settings(stateDir), first);
        assertThat(ran.state().cycleCount()).isEqualTo(300);
        assertThat(Files.exists(stateDir.resolve(StateStore.CHECKPOINT))).isTrue();
        assertThat(Files.size(stateDir.resolve(StateStore.CASE_INDEX))).isEqualTo(300L * Long.BYTES);
        // The event log and the outputs rolled, and only the newest two segments of each were kept.
        assertThat(new StateStore(stateDir, "numbers", settings(stateDir).retention())
                        .events()
                        .segments())
                .hasSize(2);
        assertThat(Files.list(stateDir.resolve("channel-store/numbers/even/segments"))
                        .count())
                .isEqualTo(2);

        // Reopened with a replay of the same fixture from its start: every case is a duplicate, none runs again.
        OnContext on = new OnContext(vertx);
        ContractRunner reopened = on.await(() -> ContractRunner.open(vertx, NUMBERS, settings(stateDir)));
        try {
            assertThat(IntStream.range(0, 300).allMatch(i -> reopened.wasProcessed("first-" + i)))
                    .isTrue();
            assertThat(reopened.wasProcessed("first-300")).isFalse();
            assertThat(reopened.channelRecords("even")).isEqualTo(150);
            assertThat(reopened.channelRecords("odd")).isEqualTo(150);
            on.await(() -> reopened.enqueue(List.of(first), true));
            CycleReport replay = on.await(() -> reopened.runCycle("test", Correlation.fresh()));
            assertThat(replay.results().counts().duplicates()).isEqualTo(300);
            assertThat(replay.results().counts().processed()).isZero();
        } finally {
            on.await(reopened::close);
        }
    }

    @Test
    @DisplayName(
            "the outputs of a cycle that never committed are cut off at the next start: no case twice in a channel")
    void cutsOffUncommittedOutputs(Vertx vertx) throws Exception {
        Path stateDir = work.resolve("state");
        run(vertx, settings(stateDir), fixture("first", 10));
        Path even = stateDir.resolve("channel-store/numbers/even/outputs.jsonl");
        int committed = lines(even).size();
        // A crash after the outputs of cycle 11 were forced, before state.json: the line stays in the file.
        JsonLines.append(
                even,
                List.of(new JsonObject()
                        .put("schema_version", 1)
                        .put("case_id", "second-0")
                        .put("channel_id", "even")
                        .put("cycle_id", 11)
                        .put("outcome", "succeeded")
                        .encode()));

        run(vertx, settings(stateDir), fixture("second", 2));

        List<String> caseIds = lines(even).stream()
                .map(l -> new JsonObject(l).getString("case_id"))
                .toList();
        assertThat(caseIds).hasSize(committed + 1).doesNotHaveDuplicates().contains("second-0");
        assertThat(lines(even).stream()
                        .map(l -> new JsonObject(l).getLong("cycle_id"))
                        .collect(Collectors.toList()))
                .as("every line belongs to a committed cycle, once")
                .doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("a checkpoint that cannot be read is ignored: the history is read again and a new checkpoint written")
    void unreadableCheckpoint(Vertx vertx) throws Exception {
        Path stateDir = work.resolve("state");
        run(vertx, settings(stateDir), fixture("first", 40));
        Files.writeString(stateDir.resolve(StateStore.CHECKPOINT), "{\"schema_version\":1,\"cycle_id\":");
        Files.delete(stateDir.resolve(StateStore.CASE_INDEX));

        OnContext on = new OnContext(vertx);
        ContractRunner reopened = on.await(() -> ContractRunner.open(vertx, NUMBERS, settings(stateDir)));
        try {
            // The kept logs hold the newest cases; they are known again, and the checkpoint is whole again.
            assertThat(reopened.wasProcessed("first-39")).isTrue();
            assertThat(new StateStore(stateDir, "numbers").loadCheckpoint().cycleId())
                    .isEqualTo(40);
        } finally {
            on.await(reopened::close);
        }
    }
}
