package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.ops.OpsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml, validated strictly: only the keys of the Compose specification it means to use, and
 * the same five nodes, members, ports and environment as {@link MeshTopology}, which the container test starts.
 */
@DisplayName("The compose file: five services, one network, the members listed, healthchecks, restart policies")
class ComposeFileTest {

    static final Path FILE = MeshImage.repositoryRoot().resolve("deploy/compose/compose.yaml");
    static final Set<String> TOP = Set.of("name", "services", "networks", "volumes", "secrets");
    static final Set<String> SERVICE = Set.of(
            "image",
            "hostname",
            "restart",
            "read_only",
            "cap_drop",
            "security_opt",
            "tmpfs",
            "networks",
            "stop_grace_period",
            "secrets",
            "healthcheck",
            "environment",
            "volumes",
            "ports",
            "depends_on");
    static final Set<String> HEALTHCHECK = Set.of("test", "interval", "timeout", "retries", "start_period");

    static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        compose = (Map<String, Object>) new Yaml(options).load(Files.readString(FILE));
    }

    @Test
    @DisplayName("only known keys, at the top and in every service and healthcheck")
    void onlyKnownKeys() {
        assertThat(compose.keySet().stream().filter(k -> !k.startsWith("x-"))).allMatch(TOP::contains);
        services().forEach((name, service) -> {
            assertThat(service.keySet()).as(name).allMatch(SERVICE::contains);
            assertThat(map(service.get("healthcheck")).keySet())
                    .as(name + " healthcheck")
                    .allMatch(HEALTHCHECK::contains);
        });
    }

    @Test
    @DisplayName("the five services, each on the mesh network, read-only and unprivileged, restarted unless stopped")
    void fiveServices() {
        assertThat(services().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        MeshImage.services().stream().map(s -> s.imageName).toList());
        assertThat(map(compose.get("networks")).keySet()).containsExactly("mesh");
        for (MeshImage image : MeshImage.services()) {
            Map<String, Object> service = service(image);
            assertThat(service.get("image"))
                    .isEqualTo("localhost/tau-mesh/" + image.imageName + ":${TAU_MESH_VERSION:-"
                            + System.getProperty("tau.version", "0.1.0-SNAPSHOT") + "}");
            assertThat(service.get("networks")).isEqualTo(List.of("mesh"));
            assertThat(service.get("restart")).isEqualTo("unless-stopped");
            assertThat(service.get("read_only")).isEqualTo(true);
            assertThat(service.get("cap_drop")).isEqualTo(List.of("ALL"));
            assertThat(service.get("tmpfs")).isEqualTo(List.of("/tmp"));
            assertThat(service.get("secrets"))
                    .isEqualTo(List.of("bus-tls-key", "bus-tls-cert", "bus-tls-ca", "mesh-credentials"));
            if (image != MeshImage.SUPERVISOR) {
                assertThat(map(map(service.get("depends_on")).get("supervisor")).get("condition"))
                        .isEqualTo("service_healthy");
            }
        }
        assertThat(map(compose.get("secrets")).keySet())
                .containsExactlyInAnyOrder("bus-tls-key", "bus-tls-cert", "bus-tls-ca", "mesh-credentials");
    }

    @Test
    @DisplayName("every node lists every member, advertises its own name, and sets only variables its service reads")
    void membersAndEnvironment() {
        String members = MeshImage.services().stream()
                .map(s -> s.imageName + ":" + MeshImage.COMMON_ENV.get("TAU_CLUSTER_PORT"))
                .collect(Collectors.joining(","));
        for (MeshImage image : MeshImage.services()) {
            Map<String, Object> env = map(service(image).get("environment"));
            assertThat(env.get("TAU_CLUSTER_MEMBERS")).isEqualTo(members);
            assertThat(env.get("TAU_CLUSTER_HOST")).isEqualTo(image.imageName);
            assertThat(service(image).get("hostname")).isEqualTo(image.imageName);
            assertThat(env.get("TAU_BUS_TLS_KEY")).isEqualTo("/run/secrets/bus-tls-key");
            assertThat(env.get("TAU_MESH_CREDENTIALS")).isEqualTo("/run/secrets/mesh-credentials");
            assertThat(ServiceEnvironment.of(image))
                    .as(image + " reads every variable compose sets")
                    .containsAll(env.keySet());
            // The container test's topology sets the same variables, but for the ports and addresses of loopback.
            Set<String> topology = MeshTopology.onLoopbackKeys(image);
            assertThat(env.keySet())
                    .as(image + ": what compose sets beyond TLS and logs, the container test sets too")
                    .filteredOn(k -> !k.startsWith("TAU_BUS_TLS_")
                            && !k.equals("TAU_LOG_FORMAT")
                            && !k.equals("TAU_MESH_CREDENTIALS"))
                    .isSubsetOf(topology);
        }
        assertThat(map(service(MeshImage.RELAY).get("environment")).get("TAU_CLUSTER_LITE_MEMBER"))
                .isEqualTo("true");
    }

    @Test
    @DisplayName(
            "healthchecks run the image's own readiness probe, and only the UI and the ingress are published, on loopback")
    void healthchecksAndPorts() {
        for (MeshImage image : MeshImage.services()) {
            List<String> test = ((List<?>)
                            map(service(image).get("healthcheck")).get("test"))
                    .stream().map(String::valueOf).toList();
            assertThat(test)
                    .startsWith("CMD", "java")
                    .contains("@/app/jib-classpath-file", OpsProbe.class.getName())
                    .endsWith("/readiness");
        }
        assertThat(Arrays.stream(OpsProbe.class.getMethods())
                        .anyMatch(m -> m.getName().equals("main")))
                .isTrue();
        assertThat(service(MeshImage.WEB_UI).get("ports")).isEqualTo(List.of("${TAU_UI_PUBLISH:-127.0.0.1:8080}:8080"));
        assertThat(service(MeshImage.GATEWAY).get("ports"))
                .isEqualTo(List.of("${TAU_GATEWAY_PUBLISH:-127.0.0.1:8787}:8787"));
        assertThat(services().entrySet().stream()
                        .filter(e -> e.getValue().containsKey("ports"))
                        .map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("web-ui", "gateway");
    }

    /** A service's healthcheck command, without compose's leading {@code CMD}. */
    static List<String> healthcheckCommand(MeshImage image) throws IOException {
        load();
        List<?> test = (List<?>) map(service(image).get("healthcheck")).get("test");
        return test.subList(1, test.size()).stream().map(String::valueOf).toList();
    }

    static Map<String, Map<String, Object>> services() {
        return map(compose.get("services")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> map(e.getValue())));
    }

    static Map<String, Object> service(MeshImage image) {
        return services().get(image.imageName);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
