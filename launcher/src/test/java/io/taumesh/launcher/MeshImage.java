package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** The images {@code mvn package -Pimages} writes, one per runnable module, and what each must declare. */
enum MeshImage {
    SUPERVISOR(
            "supervisor-svc",
            "supervisor",
            "io.taumesh.supervisor.SupervisorMain",
            List.of(5701, 5801, 9464),
            Map.of()),
    GATEWAY(
            "gateway-svc",
            "gateway",
            "io.taumesh.gateway.GatewayMain",
            List.of(5701, 5801, 9464, 8787),
            Map.of(
                    "TAU_GATEWAY_STATE_DIR",
                    "/var/lib/tau-mesh/gateway",
                    "TAU_GATEWAY_HTTP_HOST",
                    "0.0.0.0",
                    "TAU_GATEWAY_HTTP_PORT",
                    "8787")),
    DASHBOARD(
            "dashboard-svc",
            "dashboard",
            "io.taumesh.dashboard.DashboardMain",
            List.of(5701, 5801, 9464),
            Map.of("TAU_DASHBOARD_STATE_DIR", "/var/lib/tau-mesh/dashboard")),
    RELAY(
            "relay-svc",
            "relay",
            "io.taumesh.relay.RelayMain",
            List.of(5701, 5801, 9464),
            Map.of("TAU_DASHBOARD_PATH", "/tmp/supervisor.sock", "TAU_CLUSTER_LITE_MEMBER", "true")),
    WEB_UI(
            "web-ui",
            "web-ui",
            "io.taumesh.webui.WebUiMain",
            List.of(5701, 5801, 9464, 8080),
            Map.of("TAU_UI_HOST", "0.0.0.0", "TAU_UI_PORT", "8080")),
    ALL_IN_ONE(
            "launcher",
            "tau-mesh",
            "io.taumesh.launcher.TauMeshMain",
            List.of(5701, 5801, 9464, 8080, 8787),
            Map.of(
                    "TAU_GATEWAY_STATE_DIR",
                    "/var/lib/tau-mesh/gateway",
                    "TAU_DASHBOARD_STATE_DIR",
                    "/var/lib/tau-mesh/dashboard",
                    "TAU_DASHBOARD_PATH",
                    "/tmp/supervisor.sock",
                    "TAU_UI_HOST",
                    "0.0.0.0",
                    "TAU_UI_PORT",
                    "8080"));

    /** What every image sets: where the node listens in a container. */
    static final Map<String, String> COMMON_ENV = Map.of(
            "TAU_CLUSTER_PORT", "5701", "TAU_EVENTBUS_PORT", "5801", "TAU_OPS_HOST", "0.0.0.0", "TAU_OPS_PORT", "9464");

    static final String USER = "10001:10001";
    static final String DATA_DIR = "/var/lib/tau-mesh";

    final String module;
    final String imageName;
    final String mainClass;
    final List<Integer> ports;
    final Map<String, String> env;

    MeshImage(String module, String imageName, String mainClass, List<Integer> ports, Map<String, String> env) {
        this.module = module;
        this.imageName = imageName;
        this.mainClass = mainClass;
        this.ports = ports;
        this.env = env;
    }

    /** The five services that run as separate containers (the all-in-one is the sixth image). */
    static List<MeshImage> services() {
        return List.of(SUPERVISOR, GATEWAY, DASHBOARD, RELAY, WEB_UI);
    }

    /** The module's runnable jar. */
    Path jar() {
        String name = this == ALL_IN_ONE ? "tau-mesh" : module;
        return repositoryRoot().resolve(module).resolve("target").resolve(name + ".jar");
    }

    Path archive() {
        return repositoryRoot().resolve(module).resolve("target").resolve(imageName + "-image.tar");
    }

    /** The reference podman loads the archive as. */
    String reference() {
        return "localhost/tau-mesh/" + imageName + ":" + System.getProperty("tau.version", "0.1.0-SNAPSHOT");
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("tau.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Skips, loudly, when the images were not built ({@code -Pimages}) and {@code CI} is unset; in CI a missing
     * image fails the test, since CI builds them.
     */
    static void assumeBuilt() {
        boolean built = Arrays.stream(values()).allMatch(i -> Files.isRegularFile(i.archive()));
        if (!built && System.getenv("CI") == null) {
            System.err.println(
                    "!!! SKIPPED: the container images are not built; run 'mvn -B -DskipTests package -Pimages' "
                            + "(CI builds them: its test command has -Pimages) !!!");
        }
        Assumptions.assumeTrue(built || System.getenv("CI") != null, "images not built (and CI is unset)");
        for (MeshImage image : values()) {
            assertThat(image.archive())
                    .as("CI builds every image with -Pimages")
                    .isRegularFile();
        }
    }
}
