package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The all-in-one image in a container. The five service images are run as users run them, by podman-compose on the
 * compose file's bridge network, in {@link ComposeMeshIT}.
 */
@DisplayName("The all-in-one image runs as a podman container")
class ContainerMeshIT {

    static final Duration START = Duration.ofSeconds(60);

    @Test
    @Timeout(180)
    @DisplayName(
            "the all-in-one image runs the whole mesh in one read-only container: its supervisor starts the relay as a "
                    + "process, and SIGTERM stops it cleanly")
    void allInOneContainer() throws Exception {
        Podman.assumeInstalled();
        MeshImage.assumeBuilt();
        String cluster = TestClusters.uniqueName("all-in-one");
        Path store = Files.createTempDirectory("tau-podman-");
        try (Podman podman = Podman.inStore(store)) {
            podman.load(MeshImage.ALL_IN_ONE.archive());
            int ops = MeshTopology.freePort();
            String name = name(cluster, MeshImage.ALL_IN_ONE);
            Map<String, String> env = new LinkedHashMap<>(Map.of(
                    "TAU_CLUSTER_NAME",
                    cluster,
                    "TAU_CLUSTER_HOST",
                    "127.0.0.1",
                    "TAU_CLUSTER_PORT",
                    "0",
                    "TAU_CLUSTER_MEMBERS",
                    "none",
                    "TAU_EVENTBUS_PORT",
                    "0",
                    "TAU_OPS_HOST",
                    "127.0.0.1",
                    "TAU_OPS_PORT",
                    String.valueOf(ops),
                    "TAU_OPS_TOKEN",
                    ChildJvm.OPS_TOKEN));
            env.putAll(Map.of(
                    "TAU_UI_HOST",
                    "127.0.0.1",
                    "TAU_UI_PORT",
                    "0",
                    "TAU_GATEWAY_HTTP_HOST",
                    "127.0.0.1",
                    "TAU_GATEWAY_HTTP_PORT",
                    "0"));
            podman.start(name, MeshImage.ALL_IN_ONE.reference(), env);
            try {
                String opsUrl = "http://127.0.0.1:" + ops;
                Awaitility.await().atMost(START).until(() -> MeshChecks.readiness(opsUrl) == 200);
                Awaitility.await()
                        .atMost(START)
                        .until(() -> MeshHttp.get(opsUrl + "/mesh/status/relay").statusCode() == 200);
                assertThat(MeshChecks.members(opsUrl))
                        .as("the node and its relay process")
                        .isEqualTo(2);
                podman.ok("stop", "--time", "30", name);
                assertThat(podman.state(name)).isEqualTo("exited 0");
                assertThat(podman.logs(name))
                        .contains("ShutdownPhase::Completed")
                        .contains("tau-mesh: stopped");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- container log ---\n" + podman.logs(name), e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MeshImage.class, mode = EnumSource.Mode.EXCLUDE, names = "ALL_IN_ONE")
    @Timeout(180)
    @DisplayName(
            "each service image maps the class-data archive it carries: forced on (-Xshare:on), its JVM starts and "
                    + "loads the service's own classes from the archive")
    void serviceImageMapsItsClassDataArchive(MeshImage image) throws Exception {
        Podman.assumeInstalled();
        MeshImage.assumeBuilt();
        Path store = Files.createTempDirectory("tau-podman-");
        try (Podman podman = Podman.inStore(store)) {
            podman.load(image.archive());
            // -Xshare:on makes an archive the JVM cannot map (a jar of another size or time, another runtime) a
            // failed start instead of a silent fallback; --help ends the run once the main class has parsed its flags.
            Podman.Result run = podman.run(
                    120,
                    "run",
                    "--rm",
                    "--network",
                    "none",
                    "--read-only",
                    "--env",
                    "JAVA_TOOL_OPTIONS=-Xshare:on -Xlog:class+load=info",
                    image.reference(),
                    "--help");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .as("the main class and the mesh's classes come from the image's own archive")
                    .contains(image.mainClass + " source: shared objects file (top)")
                    .contains("io.taumesh.core.node.ServiceFlags source: shared objects file (top)");
        }
    }

    static String name(String cluster, MeshImage service) {
        return cluster + "-" + service.imageName;
    }
}
