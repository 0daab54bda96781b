package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.launcher.drill.RestartReconnectDrill;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart/reconnect chaos drill. In {@code mvn verify} it runs shortened: a few faults of each kind on the
 * standalone services. {@code scripts/chaos/restart-reconnect.sh} runs it in full ({@code -Dtau.drill.faults=N}),
 * with the all-in-one node, and writes the report ({@code -Dtau.drill.report=FILE}).
 */
@DisplayName("Restart/reconnect chaos drill")
class RestartReconnectDrillIT {

  @TempDir
  Path work;

  @Test
  @Timeout(1800)
  @DisplayName("faults of each kind: the mesh recovers and every budget holds")
  void drill() throws Exception {
    int faults = Integer.getInteger("tau.drill.faults", 0);
    long seed = Long.getLong("tau.drill.seed", System.nanoTime());
    List<RestartReconnectDrill.Fault> plan = faults > 0 ? RestartReconnectDrill.fullPlan(faults, seed) : RestartReconnectDrill.shortPlan();
    RestartReconnectDrill drill = new RestartReconnectDrill(plan, work, seed);
    RestartReconnectDrill.Result result = drill.run();
    System.out.println(result.report());
    String report = System.getProperty("tau.drill.report");
    if (report != null && !report.isBlank()) {
      Files.writeString(Path.of(report), result.report(), StandardCharsets.UTF_8);
    }
    assertThat(result.budgets()).as(result.report()).allMatch(RestartReconnectDrill.Budget::held);
  }
}
