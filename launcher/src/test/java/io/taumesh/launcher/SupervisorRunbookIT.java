package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runbook 002 (P1-001, P1-002) against real processes: readiness, the CLI, and no orphan after SIGKILL. */
@DisplayName("Supervisor runbook")
class SupervisorRunbookIT {

    @TempDir
    Path work;

    @Test
    @Timeout(120)
    @DisplayName(
            "ready within 30 s; state, health and commands work from the CLI; a SIGKILLed supervisor leaves no child process behind")
    void readinessCliAndNoOrphans() throws Exception {
        // A duration no other process uses marks the child's command line.
        String marker = String.valueOf(300_000 + Math.floorMod(UUID.randomUUID().hashCode(), 600_000));
        Path config = work.resolve("supervision.json");
        Files.writeString(
                config,
                new JsonObject()
                        .put("schema_version", 1)
                        .put(
                                "children",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("id", "sleeper")
                                                .put("kind", "process")
                                                .put(
                                                        "command",
                                                        new JsonArray()
                                                                .add("sleep")
                                                                .add(marker)))
                                        .add(new JsonObject()
                                                .put("id", "gateway")
                                                .put("kind", "verticle")
                                                .put("target", "io.taumesh.gateway.GatewayVerticle")
                                                .put(
                                                        "config",
                                                        new JsonObject()
                                                                .put(
                                                                        "gateway",
                                                                        new JsonObject()
                                                                                .put(
                                                                                        "state_dir",
                                                                                        work.resolve("gw")
                                                                                                .toString())))))
                        .encode());
        String cluster = TestClusters.uniqueName("supervisor");
        long started = System.nanoTime();
        try (ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--supervisor-config",
                config.toString())) {
            String member =
                    mesh.awaitLine(TwoJvmMeshIT.JOINED, TwoJvmMeshIT.START).group(1);
            String ops = mesh.awaitLine(TwoJvmMeshIT.OPS, TwoJvmMeshIT.START).group(1);
            String status = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> {
                                var reply = MeshHttp.get(ops + "/mesh/status/supervisor");
                                return reply.statusCode() == 200
                                        ? new JsonObject(reply.body())
                                                .getJsonObject("detail")
                                                .getString("status")
                                        : "";
                            },
                            "ready"::equals);
            long readyMs = (System.nanoTime() - started) / 1_000_000;
            System.out.println("supervisor health.status == ready " + readyMs + " ms after the process started");
            assertThat(status).isEqualTo("ready");

            String[] join = {"--cluster-name", cluster, "--cluster-port", "0", "--cluster-members", member};
            TauMeshLauncherIT.Result state =
                    TauMeshLauncherIT.tauMesh(concat(new String[] {"--supervisor-state-json"}, join));
            assertThat(state.exit()).as(state.err()).isZero();
            JsonObject children = new JsonObject(state.out()).getJsonObject("children");
            assertThat(children.getInteger("running")).isEqualTo(2);
            assertThat(children.getInteger("target_count")).isEqualTo(2);
            TauMeshLauncherIT.Result health =
                    TauMeshLauncherIT.tauMesh(concat(new String[] {"--supervisor-health-json"}, join));
            assertThat(new JsonObject(health.out()).getDouble("iterations_per_sec"))
                    .isGreaterThan(0.0);
            TauMeshLauncherIT.Result restart = TauMeshLauncherIT.tauMesh(
                    concat(new String[] {"--supervisor-command", "restart", "--supervisor-child", "gateway"}, join));
            assertThat(new JsonObject(restart.out()).getString("display")).isEqualTo("CommandResult::Accepted");
            TauMeshLauncherIT.Result unknown = TauMeshLauncherIT.tauMesh(
                    concat(new String[] {"--supervisor-command", "remove", "--supervisor-child", "ghost"}, join));
            assertThat(new JsonObject(unknown.out()).getString("display"))
                    .isEqualTo("CommandResult::Rejected(no child with id 'ghost')");

            assertThat(sleeperPid(marker)).as("the process child runs").isPresent();
            mesh.kill();
            Awaitility.await("the process child outlived its SIGKILLed supervisor")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sleeperPid(marker).isEmpty());
        } finally {
            sleeperPid(marker).ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static Optional<Long> sleeperPid(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.equals("sleep " + marker) || c.endsWith("/sleep " + marker))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
