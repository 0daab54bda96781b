package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.taumesh.core.cluster.ClusterJoin;
import io.taumesh.supervisor.SupervisionConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Kubernetes manifests in deploy/kubernetes, read strictly with the Kubernetes model")
class KubernetesManifestsTest {

    static final Path DIR = MeshImage.repositoryRoot().resolve("deploy/kubernetes");
    static List<HasMetadata> resources;

    @BeforeAll
    static void parseAll() throws IOException {
        resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                resources.addAll(StrictManifest.parse(
                        Files.readString(file), file.getFileName().toString()));
            }
        }
    }

    @Test
    @DisplayName("a field the model does not know, a misspelt one, or an unknown kind is refused")
    void strictParsing() {
        String deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: x
                  image: x
                  imagePullPolcy: Always
        """;
        assertThatThrownBy(() -> StrictManifest.parse(deployment, "typo.yaml"))
                .hasMessageContaining("unknown fields")
                .hasMessageContaining("containers[0].imagePullPolcy");
        assertThatThrownBy(() -> StrictManifest.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", "pod.yaml"))
                .hasMessageContaining("unknown kind v1/Pod");
        assertThatThrownBy(() -> StrictManifest.parse(
                        "apiVersion: v1\nkind: Service\nmetadata: {name: s, name: t}\n", "dup.yaml"))
                .hasMessageContaining("duplicate");
    }

    @Test
    @DisplayName("one workload per service, a StatefulSet where it keeps state, each with the image of that service")
    void oneWorkloadPerService() {
        for (MeshImage service : MeshImage.services()) {
            HasMetadata workload = workload(service);
            boolean keepsState = service == MeshImage.GATEWAY || service == MeshImage.DASHBOARD;
            assertThat(workload)
                    .as(service + " workload")
                    .isInstanceOf(keepsState ? StatefulSet.class : Deployment.class);
            if (workload instanceof StatefulSet set) {
                assertThat(set.getSpec().getServiceName())
                        .isEqualTo(membersService().getMetadata().getName());
                assertThat(set.getSpec().getVolumeClaimTemplates())
                        .extracting(c -> c.getMetadata().getName())
                        .containsExactly("data");
            }
            Container container = container(service);
            assertThat(container.getImage())
                    .isEqualTo("localhost/tau-mesh/" + service.imageName + ":" + projectVersion());
        }
        assertThat(((Deployment) workload(MeshImage.SUPERVISOR))
                        .getSpec()
                        .getStrategy()
                        .getType())
                .as("one supervisor per cluster: replaced, never doubled")
                .isEqualTo("Recreate");
    }

    @Test
    @DisplayName("container ports, probes and env match what each service's image and flags define")
    void portsProbesAndEnv() {
        Map<String, String> shared = sharedEnv();
        for (MeshImage service : MeshImage.services()) {
            Container container = container(service);
            Map<String, Integer> ports = container.getPorts().stream()
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            assertThat(ports)
                    .containsEntry("hazelcast", Integer.parseInt(MeshImage.COMMON_ENV.get("TAU_CLUSTER_PORT")))
                    .containsEntry("eventbus", Integer.parseInt(MeshImage.COMMON_ENV.get("TAU_EVENTBUS_PORT")))
                    .containsEntry("ops", Integer.parseInt(MeshImage.COMMON_ENV.get("TAU_OPS_PORT")));
            assertThat(new HashSet<>(ports.values()))
                    .as(service + ": the ports its image exposes")
                    .containsExactlyInAnyOrderElementsOf(service.ports);

            assertHttpProbe(container.getLivenessProbe(), "/health");
            assertHttpProbe(container.getStartupProbe(), "/health");
            assertHttpProbe(container.getReadinessProbe(), "/readiness");

            Set<String> known = ServiceEnvironment.of(service);
            List<String> names =
                    container.getEnv().stream().map(EnvVar::getName).toList();
            assertThat(known)
                    .as(service + " reads every variable its container sets")
                    .containsAll(names)
                    .containsAll(shared.keySet());
            EnvVar host = container.getEnv().stream()
                    .filter(e -> e.getName().equals("TAU_CLUSTER_HOST"))
                    .findFirst()
                    .orElseThrow();
            assertThat(host.getValueFrom().getFieldRef().getFieldPath())
                    .as("members advertise the pod's own address")
                    .isEqualTo("status.podIP");
            assertThat(container.getEnvFrom())
                    .extracting(e -> e.getConfigMapRef().getName())
                    .containsExactly("tau-mesh-env");
        }
        assertThat(shared)
                .containsEntry("TAU_CLUSTER_JOIN", ClusterJoin.Method.KUBERNETES.wire())
                .containsEntry(
                        "TAU_CLUSTER_SERVICE_DNS",
                        membersService().getMetadata().getName())
                .containsEntry("TAU_CLUSTER_SERVICE_PORT", MeshImage.COMMON_ENV.get("TAU_CLUSTER_PORT"));
        assertThat(container(MeshImage.RELAY).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TAU_CLUSTER_LITE_MEMBER");
            assertThat(e.getValue()).isEqualTo("true");
        });
    }

    @Test
    @DisplayName(
            "every pod: non-root, read-only root filesystem, no privilege escalation, no capabilities, limits, TLS and the "
                    + "mesh's credentials mounted")
    void securityAndResources() {
        for (MeshImage service : MeshImage.services()) {
            PodSpec pod = podTemplate(service).getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(pod.getAutomountServiceAccountToken())
                    .as("DNS-lookup discovery needs no API access")
                    .isFalse();
            Container container = container(service);
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop())
                    .containsExactly("ALL");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            Map<String, String> mounts = container.getVolumeMounts().stream()
                    .collect(Collectors.toMap(m -> m.getMountPath(), m -> m.getName()));
            assertThat(mounts).containsKeys("/tmp", MeshImage.DATA_DIR, "/etc/tau-mesh/bus-tls");
            String tlsVolume = mounts.get("/etc/tau-mesh/bus-tls");
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(tlsVolume);
                assertThat(v.getSecret().getSecretName()).isEqualTo("tau-mesh-bus-tls");
            });
            String credentialsVolume = mounts.get("/etc/tau-mesh/credentials");
            assertThat(credentialsVolume)
                    .as(service + " mounts the mesh's credentials")
                    .isNotNull();
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(credentialsVolume);
                assertThat(v.getSecret().getSecretName()).isEqualTo("tau-mesh-credentials");
            });
        }
        Map<String, String> shared = sharedEnv();
        assertThat(shared.get("TAU_MESH_CREDENTIALS")).isEqualTo("/etc/tau-mesh/credentials/credentials.json");
        assertThat(shared.get("TAU_BUS_TLS_KEY")).startsWith("/etc/tau-mesh/bus-tls/");
        assertThat(shared.get("TAU_BUS_TLS_CERT")).startsWith("/etc/tau-mesh/bus-tls/");
        assertThat(shared.get("TAU_BUS_TLS_CA")).startsWith("/etc/tau-mesh/bus-tls/");
    }

    @Test
    @DisplayName(
            "a headless Service for discovery, a disruption budget and a network policy that admits only the mesh's ports")
    void discoveryBudgetAndPolicy() {
        Service members = membersService();
        assertThat(members.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(members.getSpec().getPublishNotReadyAddresses())
                .as("a pod joins before it is ready")
                .isTrue();
        assertThat(members.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(5701);
        assertThat(members.getSpec().getSelector()).containsEntry("app.kubernetes.io/part-of", "tau-mesh");

        PodDisruptionBudget budget = only(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/part-of", "tau-mesh");

        NetworkPolicy policy = only(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        Set<Integer> admitted = policy.getSpec().getIngress().stream()
                .flatMap(r -> r.getPorts().stream())
                .map(NetworkPolicyPort::getPort)
                .map(p -> p.getIntVal())
                .collect(Collectors.toSet());
        Set<Integer> exposed =
                MeshImage.services().stream().flatMap(s -> s.ports.stream()).collect(Collectors.toSet());
        assertThat(admitted).as("only the ports the images expose").isEqualTo(exposed);
        assertThat(policy.getSpec().getIngress().get(0).getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/part-of", "tau-mesh"));
        assertThat(policy.getSpec().getIngress().get(0).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactly(5701, 5801);
    }

    @Test
    @DisplayName(
            "the Ingress ends TLS for its host and sends /tau/ to the web UI's http port, whose allowed origins name that host")
    void ingressServesTheWebUi() {
        Ingress ingress = only(Ingress.class);
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(ingress.getSpec().getTls())
                .singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly(rule.getHost()));
        var path = rule.getHttp().getPaths().get(0);
        assertThat(path.getPath()).startsWith("/tau");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/$2");
        Service webUi = resources.stream()
                .filter(r -> r instanceof Service && r.getMetadata().getName().equals("tau-mesh-web-ui"))
                .map(Service.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(path.getBackend().getService().getName())
                .isEqualTo(webUi.getMetadata().getName());
        assertThat(webUi.getSpec().getPorts())
                .anySatisfy(p -> assertThat(p.getName())
                        .isEqualTo(path.getBackend().getService().getPort().getName()));
        assertThat(container(MeshImage.WEB_UI).getEnv())
                .as("the web UI admits the page's WebSocket from the Ingress's origin")
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("TAU_UI_ALLOWED_ORIGINS");
                    assertThat(e.getValue().split(",")).contains("https://" + rule.getHost());
                });
    }

    @Test
    @DisplayName(
            "the supervision config in its ConfigMap is one the supervisor accepts, and the supervisor reads it from there")
    void supervisionConfig() {
        ConfigMap config = resources.stream()
                .filter(r -> r.getMetadata().getName().equals("tau-mesh-supervision"))
                .map(ConfigMap.class::cast)
                .findFirst()
                .orElseThrow();
        SupervisionConfig parsed =
                SupervisionConfig.parse(new JsonObject(config.getData().get("supervision.json")), DIR);
        assertThat(parsed.children()).isEmpty();
        Container supervisor = container(MeshImage.SUPERVISOR);
        assertThat(supervisor.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TAU_SUPERVISOR_CONFIG");
            assertThat(e.getValue()).isEqualTo("/etc/tau-mesh/supervision/supervision.json");
        });
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("ops");
    }

    static Map<String, String> sharedEnv() {
        return resources.stream()
                .filter(r -> r.getMetadata().getName().equals("tau-mesh-env"))
                .map(ConfigMap.class::cast)
                .findFirst()
                .orElseThrow()
                .getData();
    }

    static Service membersService() {
        return resources.stream()
                .filter(r -> r instanceof Service s && "None".equals(s.getSpec().getClusterIP()))
                .map(Service.class::cast)
                .findFirst()
                .orElseThrow();
    }

    static <T> T only(Class<T> type) {
        List<T> found =
                resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static HasMetadata workload(MeshImage service) {
        return resources.stream()
                .filter(r -> r instanceof Deployment || r instanceof StatefulSet)
                .filter(r ->
                        service.imageName.equals(r.getMetadata().getLabels().get("app.kubernetes.io/name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no workload for " + service));
    }

    static PodTemplateSpec podTemplate(MeshImage service) {
        HasMetadata workload = workload(service);
        return workload instanceof Deployment d
                ? d.getSpec().getTemplate()
                : ((StatefulSet) workload).getSpec().getTemplate();
    }

    static Container container(MeshImage service) {
        List<Container> containers = podTemplate(service).getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    static String projectVersion() {
        return System.getProperty("tau.version", "0.1.0-SNAPSHOT");
    }
}
