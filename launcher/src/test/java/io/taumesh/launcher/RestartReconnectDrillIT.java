package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.launcher.drill.NetLab;
import io.taumesh.launcher.drill.RestartReconnectDrill;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The restart/reconnect chaos drill, at 2, 3 and 5 members, each member a host of its own on a network of namespaces
 * so that a partition is a real one. In {@code mvn verify} it runs shortened: a pause and a partition at each size,
 * and a few faults of each kind at 5. {@code scripts/chaos/restart-reconnect.sh} runs it in full
 * ({@code -Dtau.drill.faults=N} per size, with the all-in-one node) and writes the report
 * ({@code -Dtau.drill.report=FILE}, a section per size).
 */
@Tag("alone") // holds a runbook's time budget to the wall clock: no other test beside it
@DisplayName("Restart/reconnect chaos drill")
class RestartReconnectDrillIT {

    @TempDir
    Path work;

    static List<Integer> sizes() {
        String only = System.getProperty("tau.drill.sizes", "");
        return only.isBlank()
                ? RestartReconnectDrill.SIZES
                : List.of(only.split(",")).stream()
                        .map(String::trim)
                        .map(Integer::valueOf)
                        .toList();
    }

    @ParameterizedTest(name = "{0} members")
    @MethodSource("sizes")
    @Timeout(3600)
    @DisplayName("faults of each kind, partitions among them: the mesh recovers and every budget holds")
    void drill(int size) throws Exception {
        boolean partitions = NetLab.available();
        assertThat(partitions || System.getenv("CI") == null)
                .as("CI must be able to make network namespaces (root, iproute2)")
                .isTrue();
        if (!partitions) {
            System.err.println(
                    "!!! PARTITIONS SKIPPED: they need root and iproute2 (ip netns); the drill runs on loopback "
                            + "without them here, and with them in CI !!!");
        }
        int faults = Integer.getInteger("tau.drill.faults", 0);
        long seed = Long.getLong("tau.drill.seed", System.nanoTime());
        List<RestartReconnectDrill.Fault> plan = faults > 0
                ? RestartReconnectDrill.fullPlan(faults, seed, size, partitions)
                : RestartReconnectDrill.shortPlan(size, partitions);
        try (NetLab lab = partitions ? NetLab.create(size) : null) {
            RestartReconnectDrill drill = new RestartReconnectDrill(plan, work, seed, size, lab);
            RestartReconnectDrill.Result result = drill.run();
            System.out.println(result.report());
            String report = System.getProperty("tau.drill.report");
            if (report != null && !report.isBlank()) {
                Files.writeString(
                        Path.of(report),
                        "## " + size + " members\n\n" + result.report() + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            assertThat(result.budgets()).as(result.report()).allMatch(RestartReconnectDrill.Budget::held);
        }
    }
}
