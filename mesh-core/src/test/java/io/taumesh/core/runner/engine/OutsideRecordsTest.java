package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.NumbersRuntime;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.runner.wire.OutputRecord;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Records from outside cycles: written in groups, numbered in order, never behind lines that may not commit. */
@DisplayName("Records from outside cycles")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class OutsideRecordsTest {

    @TempDir
    Path work;

    private RunnerSettings settings() {
        return new RunnerSettings(work.resolve("state"), List.of(), 10, 0, RetryPolicy.DEFAULT);
    }

    /** A record of {@code channel} numbered {@code seq}, as an ingress makes one. */
    private static OutputRecord record(String channel, int seq) {
        return new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin(null, channel, null, "http", "r-" + seq),
                new OutputRecord.Verdict(CaseOutcome.SUCCEEDED, 1, 202, Map.of("seq", seq), null),
                "2026-12-05T00:00:00Z");
    }

    /** Numbers records of one channel from 1, in the order their suppliers are called. */
    private static final class Numbering {
        final AtomicInteger last = new AtomicInteger();

        Supplier<OutputRecord> next(String channel) {
            return () -> record(channel, last.incrementAndGet());
        }
    }

    private List<Integer> seqs(String channel) throws Exception {
        List<Integer> seqs = new ArrayList<>();
        new StateStore(work.resolve("state"), "numbers")
                .channels()
                .log(channel)
                .forEach(l ->
                        seqs.add(l.getJsonObject("result", new JsonObject()).getInteger("seq", -1)));
        return seqs;
    }

    @Test
    @DisplayName("records that come while a write is in flight are forced together by the next write, in order")
    void groupCommit(Vertx vertx) throws Exception {
        OnContext on = new OnContext(vertx);
        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings()));
        Numbering numbering = new Numbering();
        try {
            on.await(() -> {
                List<Future<OutputRecord>> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    all.add(runner.recordOutside("a", numbering.next("a")));
                }
                return Future.all(all);
            });
            assertThat(runner.outsideTally().records()).isEqualTo(200);
            assertThat(runner.outsideTally().batches())
                    .as("the first record is written alone, the 199 that came during its write together")
                    .isEqualTo(2);
            assertThat(runner.channelRecords("a")).isEqualTo(200);
        } finally {
            on.await(runner::close);
        }
        assertThat(seqs("a")).hasSize(200).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("past the backlog's limit a record is refused at once, unnumbered, and the others are written")
    void backlogFull(Vertx vertx) throws Exception {
        OnContext on = new OnContext(vertx);
        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings()));
        Numbering numbering = new Numbering();
        List<Throwable> refusals = new CopyOnWriteArrayList<>();
        try {
            on.await(() -> {
                List<Future<OutputRecord>> all = new ArrayList<>();
                // One write in flight, LIMIT waiting for the next: the one after is refused.
                for (int i = 0; i < OutsideRecords.LIMIT + 2; i++) {
                    all.add(runner.recordOutside("a", numbering.next("a")).onFailure(refusals::add));
                }
                return Future.join(all).otherwiseEmpty();
            });
            assertThat(refusals)
                    .hasSize(1)
                    .allSatisfy(e ->
                            assertThat(e).isInstanceOf(BacklogFull.class).hasMessageContaining("nothing was recorded"));
            assertThat(numbering.last.get())
                    .as("the refused record was never numbered")
                    .isEqualTo(OutsideRecords.LIMIT + 1);
            assertThat(runner.outsideTally().refusedFull()).isEqualTo(1);
        } finally {
            on.await(runner::close);
        }
        assertThat(seqs("a")).hasSize(OutsideRecords.LIMIT + 1).isSorted();
    }

    @Test
    @DisplayName("a channel a cycle in progress has run a case in takes no record until the cycle committed; others do")
    void cycleHoldsItsChannels(Vertx vertx) throws Exception {
        List<Promise<CaseResult>> inFlight = new CopyOnWriteArrayList<>();
        CaseProcessor held = new CaseProcessor() {
            @Override
            public Set<String> caseFields() {
                return Set.of("value");
            }

            @Override
            public Optional<FieldError> validate(JsonObject c) {
                return Optional.empty();
            }

            @Override
            public Future<CaseResult> process(FixtureEntry.Valid c, int attempt, Correlation correlation) {
                Promise<CaseResult> p = Promise.promise();
                inFlight.add(p);
                return p.future();
            }
        };
        RuntimeProfile profile = new RuntimeProfile("numbers", "channel_id", held, NumbersRuntime.ALWAYS_PASS);
        Path fixture = work.resolve("f.json");
        Files.writeString(
                fixture,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "numbers")
                        .put(
                                "cases",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("case_id", "c-1")
                                                .put("channel_id", "a")
                                                .put("value", 1)))
                        .encode());
        OnContext on = new OnContext(vertx);
        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, profile, settings()));
        Numbering numberingA = new Numbering();
        Numbering numberingB = new Numbering();
        try {
            on.await(() -> runner.enqueue(List.of(fixture), false));
            Future<?> cycle = on.await(() -> Future.succeededFuture(runner.runCycle("test", Correlation.fresh())));
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.size() == 1);
            Future<OutputRecord> a =
                    on.await(() -> Future.succeededFuture(runner.recordOutside("a", numberingA.next("a"))));
            Future<OutputRecord> b =
                    on.await(() -> Future.succeededFuture(runner.recordOutside("b", numberingB.next("b"))));
            await().atMost(Duration.ofSeconds(10)).until(b::succeeded);
            assertThat(numberingA.last.get())
                    .as("a's record is not numbered while the cycle holds a")
                    .isZero();
            assertThat(a.isComplete()).isFalse();
            on.await(() -> {
                inFlight.get(0).complete(CaseResult.of(200, new JsonObject()));
                return Future.succeededFuture();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> cycle.succeeded() && a.succeeded());
            assertThat(numberingA.last.get()).isEqualTo(1);
        } finally {
            on.await(() -> {
                inFlight.forEach(p -> p.tryComplete(CaseResult.of(200, new JsonObject())));
                return runner.close();
            });
        }
        List<String> sources = new ArrayList<>();
        new StateStore(work.resolve("state"), "numbers")
                .channels()
                .log("a")
                .forEach(l -> sources.add(l.getString("source")));
        assertThat(sources)
                .as("the cycle's line, then the record that waited for it")
                .hasSize(2);
        assertThat(sources.get(1)).isEqualTo("http");
    }

    @Test
    @DisplayName("a failed write refuses its records and those numbered after them, and the channel is numbered again")
    void failedWriteRenumbers(Vertx vertx) throws Exception {
        StorageFaultTest.FillableFs fs = new StorageFaultTest.FillableFs();
        OnContext on = new OnContext(vertx);
        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings(), fs));
        List<Set<String>> renumbered = new CopyOnWriteArrayList<>();
        runner.onRenumber(renumbered::add);
        Numbering numbering = new Numbering();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try {
            fs.failure = "No space left on device";
            on.await(() -> {
                List<Future<OutputRecord>> all = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    all.add(runner.recordOutside("a", numbering.next("a")).onFailure(failures::add));
                }
                return Future.join(all).otherwiseEmpty();
            });
            assertThat(failures).hasSize(3).allSatisfy(e -> assertThat(e).hasMessageContaining("No space left"));
            assertThat(renumbered).containsExactly(Set.of("a"));
            fs.failure = null;
            numbering.last.set(runner.channelRecords("a"));
            on.await(() -> runner.recordOutside("a", numbering.next("a")));
        } finally {
            fs.failure = null;
            on.await(runner::close);
        }
        assertThat(seqs("a")).containsExactly(1);
    }
}
