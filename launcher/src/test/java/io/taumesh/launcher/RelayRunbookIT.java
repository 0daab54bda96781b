package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.client.MeshClient;
import io.taumesh.core.bus.MeshService;
import io.taumesh.testkit.RunningMesh;
import io.taumesh.testkit.TauMeshExtension;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runbook 002, P1-003: the relay as its own process under the supervisor, and the kill-and-reconnect drill. */
@Tag("alone") // holds a runbook's time budget to the wall clock: no other test beside it
@DisplayName("Relay runbook")
@ExtendWith(TauMeshExtension.class)
class RelayRunbookIT {

    @Test
    @Timeout(150)
    @DisplayName(
            "kill -TERM on the relay: the supervisor restarts it and dashboard_link is connected again within 10 s")
    void killAndReconnect(RunningMesh mesh, MeshClient client) throws Exception {
        awaitLink(client, Duration.ofSeconds(60));
        long pid = relayPid(client);
        ProcessHandle relay = ProcessHandle.of(pid).orElseThrow();
        assertThat(relay.info().commandLine().orElse(""))
                .as("pgrep -f relay finds it (its own jar, or its main class), on its socket")
                .containsPattern("relay-svc\\.jar|io\\.taumesh\\.relay\\.RelayMain")
                .contains(mesh.relaySocket().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mesh.relaySocket())))
                .isEqualTo("rw-------");

        TauMeshLauncherIT.Result watch = TauMeshLauncherIT.tauMesh(
                "--relay-watch", "--dashboard-path", mesh.relaySocket().toString(), "--relay-watch-frames", "2");
        assertThat(watch.exit()).as(watch.err()).isZero();
        assertThat(watch.out().lines().toList())
                .hasSize(2)
                .allSatisfy(
                        line -> assertThat(new JsonObject(line).getString("op")).isNotNull());

        long killedAt = System.nanoTime();
        relay.destroy(); // SIGTERM
        // The relay's status address is briefly unanswered while it restarts (no handler, or the stopping relay's
        // registration still seen and never answering): those polls are ignored, and each waits 1 s at most.
        long newPid = Awaitility.await("a new relay process, linked")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> "connected".equals(linkOf(client, 1)) ? relayPid(client, 1) : pid, p -> p != pid);
        Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("relay restarted and dashboard_link connected " + took.toMillis() + " ms after kill -TERM");
        assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(10));
        JsonObject relayRecord = state(mesh);
        assertThat(relayRecord.getInteger("restart_count")).isEqualTo(1);
        assertThat(relayRecord.getJsonObject("last_exit").getString("display"))
                .isEqualTo("TaskExit::Completed(exit code 0)");

        assertThat(mesh.stop()).as("the mesh's exit code on SIGTERM").isZero();
        assertThat(Files.exists(mesh.relaySocket()))
                .as("the socket is removed on a clean exit")
                .isFalse();
        assertThat(ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false))
                .as("no relay left behind")
                .isFalse();
    }

    private static void awaitLink(MeshClient client, Duration within) {
        Awaitility.await("dashboard_link connected").atMost(within).until(() -> "connected".equals(linkOf(client)));
    }

    private static String linkOf(MeshClient client) throws Exception {
        return linkOf(client, 5);
    }

    private static String linkOf(MeshClient client, int seconds) throws Exception {
        return client.supervisorHealth().await(seconds, TimeUnit.SECONDS).getString("dashboard_link");
    }

    private static long relayPid(MeshClient client) throws Exception {
        return relayPid(client, 5);
    }

    private static long relayPid(MeshClient client, int seconds) throws Exception {
        return ((Number) client.status(MeshService.RELAY)
                        .await(seconds, TimeUnit.SECONDS)
                        .detail()
                        .get("pid"))
                .longValue();
    }

    /** The relay's record in the supervisor's current_state(), asked through the CLI as an operator would. */
    private static JsonObject state(RunningMesh mesh) throws Exception {
        TauMeshLauncherIT.Result r = TauMeshLauncherIT.tauMesh(
                "--supervisor-state-json",
                "--cluster-name",
                mesh.clusterName(),
                "--cluster-port",
                "0",
                "--cluster-members",
                mesh.member(),
                "--mesh-credentials",
                mesh.workDir().resolve("credentials").toString());
        var records = new JsonObject(r.out()).getJsonArray("child_runtime_records");
        for (int i = 0; i < records.size(); i++) {
            if (records.getJsonObject(i).getString("id").equals("relay")) {
                return records.getJsonObject(i);
            }
        }
        throw new AssertionError("no relay in " + r.out() + r.err());
    }
}
