package io.taumesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.CycleTiming;
import io.taumesh.core.runner.wire.CycleTrace;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

@Label("The canary verdicts recorded by a dashboard that restarts and takes decisions are what a replay gives")
class CanaryReplayPropertiesTest {

    private static final long T0 = 1_800_000_000_000L;

    /**
     * A dashboard cycle of a generated history: its signals, the time since the last, and what happened after it: a
     * decision by the operator (null: none) and a restart of the dashboard (its projection restored from its snapshot).
     */
    record Step(
            boolean healthy,
            int queueDepth,
            int codes,
            long gapMs,
            CanaryDecision.Kind decisionAfter,
            boolean restartAfter) {}

    @Property(tries = 120)
    @Label("zero differences, and every verdict change recorded once")
    void replayGivesTheRecordedVerdicts(@ForAll("histories") List<Step> history) throws Exception {
        Path dir = Files.createTempDirectory("canary-replay");
        try {
            StateStore store = new StateStore(dir, DashboardRuntime.RUNTIME, LogRetention.DEFAULT, UNFORCED);
            CanaryDecisions decisions = CanaryDecisions.load(dir);
            WidgetProjection projection = new WidgetProjection().decidingWith(decisions);
            CanaryVerdictLog verdicts = CanaryVerdictLog.of(store);
            int changes = 0;
            CanaryVerdict previous = null;
            long at = T0;
            for (int i = 0; i < history.size(); i++) {
                Step step = history.get(i);
                at += step.gapMs();
                CycleReport report = report(i + 1, at, step);
                store.events().append(List.of(MeshJson.toJsonString(report)));
                projection.apply(report);
                CanaryVerdict verdict = projection.canaryVerdict();
                assertThat(verdicts.record(verdict)).isEqualTo(!verdict.sameVerdict(previous));
                changes += verdict.sameVerdict(previous) ? 0 : 1;
                previous = verdict;
                if (step.decisionAfter() != null) {
                    decisions.record(new CanaryDecision(
                            MeshMessage.SCHEMA_VERSION,
                            step.decisionAfter(),
                            "because " + i,
                            Instant.ofEpochMilli(at).toString(),
                            i + 1,
                            null,
                            "k" + i));
                }
                if (step.restartAfter()) {
                    // As a start finds it: the projection from its stored snapshot, the log from its file.
                    projection = WidgetProjection.restore(
                                    new JsonObject(projection.snapshot().encode()))
                            .decidingWith(decisions = CanaryDecisions.load(dir));
                    verdicts = CanaryVerdictLog.of(store);
                }
            }

            CanaryReplay.Result replayed = CanaryReplay.of(dir);
            assertThat(replayed.differing()).as("%s", history).isEmpty();
            assertThat(replayed.cyclesReplayed()).isEqualTo(history.size());
            assertThat(replayed.recorded()).isEqualTo(changes);
            assertThat(replayed.compared()).isEqualTo(changes);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<CanaryDecision.Kind> decision =
                Arbitraries.of(CanaryDecision.Kind.class).injectNull(0.92);
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 4).map(n -> n > 0),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 15),
                        Arbitraries.of(1_000L, 600_000L, 1_800_000L, 5_400_000L, 7_200_000L),
                        decision,
                        Arbitraries.integers().between(0, 7).map(n -> n == 0))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    /** A dashboard cycle of these signals; {@code codes} picks the reason codes canary-2 and canary-3 look for. */
    private static CycleReport report(long cycleId, long at, Step s) {
        List<ReasonCode> codes = new ArrayList<>();
        codes.add(s.healthy() ? ReasonCode.HEALTHY_CYCLE : ReasonCode.CASE_PROCESSING_FAILED);
        if ((s.codes() & 1) != 0) {
            codes.add(ReasonCode.WIDGET_VIEWS_UPDATED);
        }
        if ((s.codes() & 2) != 0) {
            codes.add(ReasonCode.CONTROL_ACTIONS_APPLIED);
        }
        if ((s.codes() & 12) == 12) {
            codes.add(ReasonCode.RETRY_ATTEMPTED);
        }
        HealthState health = s.healthy() ? HealthState.HEALTHY : HealthState.DEGRADED;
        RolloutGate gate = s.healthy() ? RolloutGate.PASS : RolloutGate.HOLD;
        return new CycleReport(
                1,
                DashboardRuntime.RUNTIME,
                cycleId,
                new CycleTiming(Instant.ofEpochMilli(at).toString(), at, 1),
                "batch",
                new CycleTrace("r", null),
                new CycleReport.Results(
                        codes,
                        new CycleCounts(2, 2, s.healthy() ? 2 : 1, s.healthy() ? 0 : 1, 0, 0, 0, 0, s.queueDepth()),
                        Map.of()),
                new CycleReport.Standing(
                        new HealthState.Classified(health, health.wire()),
                        s.healthy() ? 0 : 1,
                        new RolloutPolicy.Decision(gate, "x", List.of())),
                List.of());
    }

    /** The disk without forcing: the property is about the replay, not durability (which the log's tests hold). */
    private static final StateFs UNFORCED = new StateFs() {
        @Override
        public void createDirectories(Path dir) throws IOException {
            StateFs.DISK.createDirectories(dir);
        }

        @Override
        public void write(Path file, byte[] bytes) throws IOException {
            StateFs.DISK.write(file, bytes);
        }

        @Override
        public void append(Path file, byte[] bytes) throws IOException {
            StateFs.DISK.append(file, bytes);
        }

        @Override
        public void force(Path file) {}

        @Override
        public void truncate(Path file, long length) throws IOException {
            StateFs.DISK.truncate(file, length);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            StateFs.DISK.rename(from, to);
        }

        @Override
        public void forceDirectory(Path dir) {}

        @Override
        public void delete(Path file) throws IOException {
            StateFs.DISK.delete(file);
        }
    };
}
