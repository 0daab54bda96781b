package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per state dir and one instance of each singleton per cluster: a second mesh, contract runner or
 * service jar on a running mesh's state dirs, or a second supervisor in its cluster, is refused with the
 * holder's pid and exit 1; the offline inspect commands still read a locked dir; a SIGKILLed owner's dir is
 * free at once; a second mesh with its own cluster, dirs and socket runs beside the first.
 */
@DisplayName("One owner per state dir, one supervisor per cluster")
class MeshOwnershipIT {

    @TempDir
    Path work;

    private List<String> meshFlags(String cluster, String dirs, String... more) {
        List<String> flags = new ArrayList<>(List.of(
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--dashboard-path",
                work.resolve(dirs + ".sock").toString(),
                "--gateway-state-dir",
                work.resolve(dirs).resolve("gateway").toString(),
                "--dashboard-state-dir",
                work.resolve(dirs).resolve("dashboard").toString()));
        flags.addAll(List.of(more));
        return flags;
    }

    private static TauMeshLauncherIT.Result launcher(List<String> args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(TauMeshLauncherIT.java(), "-jar", TauMeshLauncherIT.LAUNCHER.toString()));
        command.addAll(args);
        return TauMeshLauncherIT.run(command);
    }

    @Test
    @Timeout(300)
    @DisplayName(
            "a second mesh, runner or service jar on the same dirs is refused with the holder's pid; inspect still reads; a killed owner's dir is free at once")
    void ownership() throws Exception {
        String cluster = TestClusters.uniqueName("ownership");
        List<String> first = meshFlags(cluster, "a", "--cluster-members", "none");
        try (ChildJvm mesh =
                ChildJvm.start("tau-mesh", false, work, TauMeshLauncherIT.LAUNCHER, first.toArray(String[]::new))) {
            String member =
                    mesh.awaitLine(TwoJvmMeshIT.JOINED, TwoJvmMeshIT.START).group(1);
            mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
            String pid = "pid " + mesh.pid();
            String gatewayDir = work.resolve("a").resolve("gateway").toString();

            // The same command again (a second ./tau-mesh in the same folder): refused before it joins anything.
            TauMeshLauncherIT.Result again = launcher(first);
            assertThat(again.exit()).as(again.err()).isEqualTo(1);
            assertThat(again.err())
                    .contains("cannot start: another mesh runs on these state dirs")
                    .contains(gatewayDir)
                    .contains(pid + " (gateway runner")
                    .contains("--cluster-name")
                    .contains("--dashboard-path");

            // The contract runner and a standalone service jar on the running mesh's gateway dir.
            TauMeshLauncherIT.Result runner = launcher(List.of(
                    "--gateway-contract-runner",
                    "--gateway-state-dir",
                    gatewayDir,
                    "--gateway-fixture",
                    TauMeshLauncherIT.fixture("gateway", "healthy.json")));
            assertThat(runner.exit()).as(runner.err()).isEqualTo(1);
            assertThat(runner.err()).contains("state dir " + gatewayDir).contains("is in use by " + pid);
            try (ChildJvm jar = ChildJvm.start(
                    "gateway-svc",
                    false,
                    work,
                    TwoJvmMeshIT.jar("tau.jar.gateway"),
                    "--cluster-name",
                    TestClusters.uniqueName("lone-gateway"),
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    "none",
                    "--gateway-state-dir",
                    gatewayDir)) {
                assertThat(jar.awaitExit(TwoJvmMeshIT.START))
                        .as(jar.transcript())
                        .isEqualTo(1);
                assertThat(String.join("\n", jar.stderr()))
                        .contains("state dir " + gatewayDir)
                        .contains("is in use by " + pid);
            }

            // Reading a locked dir is fine.
            TauMeshLauncherIT.Result inspect = launcher(
                    List.of("--gateway-state-dir", gatewayDir, "--gateway-status-inspect", "--gateway-status-json"));
            assertThat(inspect.exit()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains("\"rollout_gate\"");

            // Its own dirs and socket, but the same cluster: the cluster already has a supervisor.
            TauMeshLauncherIT.Result sameCluster = launcher(meshFlags(cluster, "b", "--cluster-members", member));
            assertThat(sameCluster.exit()).as(sameCluster.err()).isEqualTo(1);
            assertThat(sameCluster.err())
                    .contains("cluster '" + cluster + "' already has a supervisor")
                    .contains("member " + member)
                    .contains(pid)
                    .contains("--cluster-name");

            // A second mesh on purpose: its own cluster, dirs and socket.
            try (ChildJvm second = ChildJvm.start(
                    "second-mesh",
                    false,
                    work,
                    TauMeshLauncherIT.LAUNCHER,
                    meshFlags(TestClusters.uniqueName("ownership-second"), "c", "--cluster-members", "none")
                            .toArray(String[]::new))) {
                second.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
                second.terminate();
                assertThat(second.awaitExit(Duration.ofSeconds(60)))
                        .as(second.transcript())
                        .isZero();
            }

            // SIGKILL: the kernel drops the lock with the process; the dir is usable at once.
            mesh.kill();
            assertThat(mesh.awaitExit(Duration.ofSeconds(30))).isNotZero();
            TauMeshLauncherIT.Result after = launcher(List.of(
                    "--gateway-contract-runner",
                    "--gateway-state-dir",
                    gatewayDir,
                    "--gateway-fixture",
                    TauMeshLauncherIT.fixture("gateway", "healthy.json")));
            assertThat(after.exit()).as(after.err()).isZero();
            assertThat(after.out()).contains("fixtures drained");
        }
    }
}
