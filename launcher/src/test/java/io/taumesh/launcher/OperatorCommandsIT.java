package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.testing.TestClusters;
import io.taumesh.testkit.RunningMesh;
import io.taumesh.testkit.TauMeshExtension;
import io.taumesh.testkit.TauMeshOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Operator commands against a running mesh")
@ExtendWith(TauMeshExtension.class)
// The discovery dir, in the mesh's work dir: where a local command finds the node's ops endpoint.
@TauMeshOptions(args = {"--discovery-dir", "nodes"})
class OperatorCommandsIT {

    /** A member event as the mesh logs it: a command that joined and left would leave two. */
    private static long memberEvents(RunningMesh mesh) throws Exception {
        return mesh.logLines().stream()
                .filter(l -> l.contains("member joined") || l.contains("member left"))
                .count();
    }

    @Test
    @Timeout(180)
    @DisplayName(
            "ask the local node's ops endpoint, found in the discovery dir: answers, commands with the token, no member joins or leaves")
    void askWithoutJoining(RunningMesh mesh) throws Exception {
        String cluster = mesh.clusterName();
        String ops = mesh.opsUrl();
        Path nodes = mesh.workDir().resolve("nodes");
        // The relay's node (a process of its own) announces itself beside the mesh's node once it has joined.
        Awaitility.await("two nodes in " + nodes).atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(nodes)) {
                return files.filter(f -> f.getFileName().toString().startsWith("node-"))
                                .count()
                        == 2;
            }
        });
        Awaitility.await("the relay is linked")
                .atMost(Duration.ofSeconds(60))
                .until(() -> "connected"
                        .equals(mesh.client()
                                .supervisorHealth()
                                .await(5, TimeUnit.SECONDS)
                                .getString("dashboard_link")));
        long membersBefore = memberEvents(mesh);

        String[] local = {"--cluster-name", cluster, "--discovery-dir", nodes.toString()};
        List<Long> wallMs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            TauMeshLauncherIT.Result health = TauMeshLauncherIT.tauMesh(concat(local, "--supervisor-health-json"));
            wallMs.add((System.nanoTime() - started) / 1_000_000);
            assertThat(health.exit()).as(health.err()).isZero();
            assertThat(health.err()).doesNotContain("lite member");
            assertThat(new JsonObject(health.out()).getString("dashboard_link")).isEqualTo("connected");
        }
        System.out.println("--supervisor-health-json over the local ops endpoint, wall ms: " + wallMs);
        TauMeshLauncherIT.Result state = TauMeshLauncherIT.tauMesh(concat(local, "--supervisor-state-json"));
        assertThat(state.exit()).as(state.err()).isZero();
        assertThat(new JsonObject(state.out()).getJsonObject("children").getInteger("running"))
                .isGreaterThanOrEqualTo(4);

        TauMeshLauncherIT.Result restart = TauMeshLauncherIT.tauMesh(
                concat(local, "--supervisor-command", "restart", "--supervisor-child", "gateway"));
        assertThat(restart.exit()).as(restart.err()).isZero();
        assertThat(new JsonObject(restart.out()).getString("display")).isEqualTo("CommandResult::Accepted");
        // What the supervisor did with the child, in words, from its kept markers (offline).
        String supervisorState = mesh.stateDir(MeshService.SUPERVISOR).toString();
        Awaitility.await("the restart kept as a marker")
                .atMost(Duration.ofSeconds(20))
                .until(() -> TauMeshLauncherIT.tauMesh(
                                "--supervisor-state-dir", supervisorState, "--explain", "child:gateway")
                        .out()
                        .contains("gateway: restarted at "));
        assertThat(TauMeshLauncherIT.tauMesh("--supervisor-state-dir", supervisorState, "--explain", "child:gateway")
                        .out())
                .containsPattern("gateway: restarted at \\S+: restart \\d+, \\d+ restart tokens left")
                .contains("markers: " + supervisorState);
        // Lifting a quarantine takes a reason, which --explain prints with the release.
        TauMeshLauncherIT.Result quarantine = TauMeshLauncherIT.tauMesh(
                concat(local, "--supervisor-command", "quarantine", "--supervisor-child", "webui"));
        assertThat(new JsonObject(quarantine.out()).getString("result"))
                .as(quarantine.err())
                .isEqualTo("accepted");
        TauMeshLauncherIT.Result unexplained = TauMeshLauncherIT.tauMesh(
                concat(local, "--supervisor-command", "release", "--supervisor-child", "webui"));
        assertThat(new JsonObject(unexplained.out()).getString("reason"))
                .startsWith("reason: is required to release a quarantined child");
        TauMeshLauncherIT.Result released = TauMeshLauncherIT.tauMesh(concat(
                local,
                "--supervisor-command",
                "release",
                "--supervisor-child",
                "webui",
                "--supervisor-command-reason",
                "port clash resolved"));
        assertThat(new JsonObject(released.out()).getString("result"))
                .as(released.err())
                .isEqualTo("accepted");
        Awaitility.await("the release kept with its reason")
                .atMost(Duration.ofSeconds(20))
                .until(() -> TauMeshLauncherIT.tauMesh(
                                "--supervisor-state-dir", supervisorState, "--explain", "child:webui")
                        .out()
                        .contains("port clash resolved"));
        assertThat(TauMeshLauncherIT.tauMesh("--supervisor-state-dir", supervisorState, "--explain", "child:webui")
                        .out())
                .containsPattern("webui: released at \\S+: port clash resolved");
        TauMeshLauncherIT.Result ghost = TauMeshLauncherIT.tauMesh(
                concat(local, "--supervisor-command", "remove", "--supervisor-child", "ghost"));
        assertThat(new JsonObject(ghost.out()).getString("display"))
                .isEqualTo("CommandResult::Rejected(no child with id 'ghost')");

        // Another host's way in: the node's URL and a token, which must be the node's.
        TauMeshLauncherIT.Result wrongToken = TauMeshLauncherIT.tauMesh(
                Map.of("TAU_OPS_TOKEN", "not-the-token-of-this-node"),
                "--ops-url",
                ops,
                "--supervisor-command",
                "restart",
                "--supervisor-child",
                "gateway");
        assertThat(wrongToken.exit()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("answered 403").contains("ops token");
        TauMeshLauncherIT.Result noToken = TauMeshLauncherIT.tauMesh("--ops-url", ops, "--supervisor-state-json");
        assertThat(noToken.exit())
                .as("a read reaches the event bus too: it needs the token")
                .isEqualTo(1);
        assertThat(noToken.err()).contains("answered 403").contains("ops token");
        TauMeshLauncherIT.Result byUrl = TauMeshLauncherIT.tauMesh(
                Map.of("TAU_OPS_TOKEN", mesh.opsToken()), "--ops-url", ops, "--supervisor-state-json");
        assertThat(byUrl.exit()).as(byUrl.err()).isZero();

        assertThat(memberEvents(mesh))
                .as("no command joined or left the cluster:%n%s", String.join("\n", mesh.logLines()))
                .isEqualTo(membersBefore);

        assertThat(mesh.stop()).isZero();
        Awaitility.await("the nodes withdrew their entries")
                .atMost(Duration.ofSeconds(30))
                .until(() -> {
                    try (Stream<Path> files = Files.list(nodes)) {
                        return files.noneMatch(f -> f.getFileName().toString().startsWith("node-"));
                    }
                });
    }

    @Test
    @Timeout(120)
    @DisplayName("with no node to ask, a command joins as a lite member and says plainly that no mesh runs")
    void noMesh(@TempDir Path work) throws Exception {
        TauMeshLauncherIT.Result health = TauMeshLauncherIT.tauMesh(
                "--cluster-name",
                TestClusters.uniqueName("nobody"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--discovery-dir",
                work.resolve("nodes").toString(),
                "--supervisor-health-json");
        assertThat(health.exit()).isEqualTo(1);
        assertThat(health.err())
                .contains("joining the cluster as a lite member")
                .contains("no mesh runs there")
                .doesNotContain("Exception");
    }

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }
}
