package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.runner.storage.ChannelStore;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.testing.ChildJvm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway contract runner, a real JVM, SIGKILLed at random moments while it drains a large fixture, again
 * and again, then run to the end: every case is in the outputs exactly once, every cycle in the event log
 * exactly once, nothing of a cycle that never committed is kept, and the counters add up.
 */
@DisplayName("Random SIGKILLs of the runner")
class RunnerKillIT {

    static final int CASES = 3_000;
    static final int ACTORS = 7;
    static final int KILLS = 12;
    static final Duration BUDGET = Duration.ofSeconds(90);
    static final Pattern CYCLE = Pattern.compile("^gateway cycle (\\d+):");

    @TempDir
    Path work;

    @Test
    @Timeout(240)
    @DisplayName(
            "killed 12 times mid-drain, the runner ends with every case once, every cycle once, and counters that add up")
    void killedAtRandomMoments() throws Exception {
        Path fixture = work.resolve("large.json");
        JsonArray cases = new JsonArray();
        IntStream.range(0, CASES)
                .forEach(i -> cases.add(new JsonObject()
                        .put("case_id", "k-" + i)
                        .put("actor_id", "actor-" + (i % ACTORS))
                        .put("request", new JsonObject().put("kind", "message").put("text", "request " + i))
                        .put("expect", new JsonObject().put("status", 202))));
        Files.writeString(
                fixture,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "gateway")
                        .put("cases", cases)
                        .encode());
        Path state = work.resolve("state");
        String[] args = {
            "--gateway-contract-runner",
            "--gateway-fixture",
            fixture.toString(),
            "--gateway-state-dir",
            state.toString(),
            "--gateway-queue-limit",
            "9",
            "--gateway-log-segment-bytes",
            "8192",
            "--gateway-log-retain-segments",
            "100000"
        };
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int kills = 0;
        while (kills < KILLS && System.nanoTime() < deadline) {
            try (ChildJvm runner = ChildJvm.start("runner", TauMeshLauncherIT.LAUNCHER, args)) {
                runner.awaitLine(CYCLE, Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(250)); // a random moment within the drain: the point of the test
                if (!runner.isAlive()) {
                    break; // drained before the kill
                }
                runner.kill();
                runner.awaitExit(Duration.ofSeconds(30));
                kills++;
            }
        }
        System.out.println("runner SIGKILLed " + kills + " times (seed " + seed + ")");
        assertThat(kills).as("kills within %s (seed %d)", BUDGET, seed).isGreaterThanOrEqualTo(3);

        TauMeshLauncherIT.Result last = TauMeshLauncherIT.tauMesh(args);
        assertThat(last.exit()).as(last.err()).isZero();
        assertThat(last.out()).contains("fixtures drained");

        StateStore store = new StateStore(state, "gateway", new LogRetention(8192, 100_000));
        RunnerState finished = store.loadState().orElseThrow();
        List<CycleReport> reports = new ArrayList<>();
        assertThat(store.replayEvents(reports::add)).isZero();
        assertThat(reports)
                .extracting(CycleReport::cycleId)
                .as("every cycle once, in order (seed %d)", seed)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, finished.cycleCount()).boxed().toList());
        Map<String, Integer> perCase = new HashMap<>();
        Map<Long, Integer> perCycle = new HashMap<>();
        try (Stream<Path> channels = Files.list(state.resolve("channel-store").resolve("gateway"))) {
            for (Path channel : channels.toList()) {
                new SegmentedLog(channel.resolve(ChannelStore.OUTPUTS), LogRetention.DEFAULT).forEach(line -> {
                    perCase.merge(line.getString("case_id"), 1, Integer::sum);
                    perCycle.merge(line.getLong("cycle_id"), 1, Integer::sum);
                });
            }
        }
        assertThat(perCase).as("cases in the outputs (seed %d)", seed).hasSize(CASES);
        assertThat(perCase.entrySet()).as("no case twice (seed %d)", seed).allMatch(e -> e.getValue() == 1);
        assertThat(perCycle.keySet())
                .as("no output of an uncommitted cycle")
                .allMatch(c -> c != null && c <= finished.cycleCount());
        long processed = 0;
        for (CycleReport r : reports) {
            assertThat(perCycle.getOrDefault(r.cycleId(), 0))
                    .as("outputs of cycle %d", r.cycleId())
                    .isEqualTo(r.results().counts().processed());
            processed += r.results().counts().processed();
        }
        assertThat(finished.tallies().counters().casesProcessed())
                .isEqualTo(processed)
                .isEqualTo(CASES);
        assertThat(finished.tallies().counters().casesSucceeded()).isEqualTo(CASES);
        assertThat(finished.tallies().counters().cycles()).isEqualTo(finished.cycleCount());
    }
}
