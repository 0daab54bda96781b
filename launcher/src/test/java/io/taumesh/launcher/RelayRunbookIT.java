package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runbook 002, P1-003: the relay as its own process under the supervisor, and the kill-and-reconnect drill. */
@DisplayName("Relay runbook")
class RelayRunbookIT {

    @TempDir
    Path work;

    @Test
    @Timeout(150)
    @DisplayName(
            "kill -TERM on the relay: the supervisor restarts it and dashboard_link is connected again within 10 s")
    void killAndReconnect() throws Exception {
        Path socket = work.resolve("supervisor.sock");
        try (ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                TestClusters.uniqueName("relay"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                socket.toString())) {
            String ops = mesh.awaitLine(TwoJvmMeshIT.OPS, TwoJvmMeshIT.START).group(1);
            mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
            awaitLink(ops, Duration.ofSeconds(60));
            long pid = relayPid(ops);
            ProcessHandle relay = ProcessHandle.of(pid).orElseThrow();
            assertThat(relay.info().commandLine().orElse(""))
                    .as("pgrep -f relay finds it, running its own jar")
                    .contains("relay-svc.jar")
                    .contains(socket.toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-------");

            TauMeshLauncherIT.Result watch = TauMeshLauncherIT.tauMesh(
                    "--relay-watch", "--dashboard-path", socket.toString(), "--relay-watch-frames", "2");
            assertThat(watch.exit()).as(watch.err()).isZero();
            assertThat(watch.out().lines().toList())
                    .hasSize(2)
                    .allSatisfy(line ->
                            assertThat(new JsonObject(line).getString("op")).isNotNull());

            long killedAt = System.nanoTime();
            relay.destroy(); // SIGTERM
            // The relay's status address is briefly unanswered while it restarts: those polls are ignored.
            long newPid = Awaitility.await("a new relay process, linked")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(RuntimeException.class)
                    .until(
                            () -> "connected".equals(supervisorHealth(ops).getString("dashboard_link"))
                                    ? relayPid(ops)
                                    : pid,
                            p -> p != pid);
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.println(
                    "relay restarted and dashboard_link connected " + took.toMillis() + " ms after kill -TERM");
            assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(10));
            JsonObject relayRecord = state(ops);
            assertThat(relayRecord.getInteger("restart_count")).isEqualTo(1);
            assertThat(relayRecord.getJsonObject("last_exit").getString("display"))
                    .isEqualTo("TaskExit::Completed(exit code 0)");

            mesh.terminate();
            assertThat(mesh.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(Files.exists(socket))
                    .as("the socket is removed on a clean exit")
                    .isFalse();
            assertThat(ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false))
                    .as("no relay left behind")
                    .isFalse();
        }
    }

    private static void awaitLink(String ops, Duration within) {
        Awaitility.await("dashboard_link connected")
                .atMost(within)
                .until(() -> "connected".equals(supervisorHealth(ops).getString("dashboard_link")));
    }

    private static JsonObject supervisorHealth(String ops) throws Exception {
        return new JsonObject(MeshHttp.get(ops + "/mesh/status/supervisor").body()).getJsonObject("detail");
    }

    private static long relayPid(String ops) throws Exception {
        var reply = MeshHttp.get(ops + "/mesh/status/relay");
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("relay not answering: " + reply.statusCode());
        }
        return new JsonObject(reply.body()).getJsonObject("detail").getLong("pid");
    }

    /** The relay's record in the supervisor's current_state(), asked through the CLI as an operator would. */
    private static JsonObject state(String ops) throws Exception {
        TauMeshLauncherIT.Result r = TauMeshLauncherIT.tauMesh(
                "--supervisor-state-json",
                "--cluster-name",
                clusterOf(ops),
                "--cluster-port",
                "0",
                "--cluster-members",
                memberOf(ops));
        var records = new JsonObject(r.out()).getJsonArray("child_runtime_records");
        for (int i = 0; i < records.size(); i++) {
            if (records.getJsonObject(i).getString("id").equals("relay")) {
                return records.getJsonObject(i);
            }
        }
        throw new AssertionError("no relay in " + r.out());
    }

    private static String clusterOf(String ops) throws Exception {
        return new JsonObject(MeshHttp.get(ops + "/cluster").body()).getString("cluster_name");
    }

    private static String memberOf(String ops) throws Exception {
        return new JsonObject(MeshHttp.get(ops + "/cluster").body()).getString("local_member");
    }
}
