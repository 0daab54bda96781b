package io.taumesh.launcher;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayVerticle;
import io.taumesh.relay.RelayVerticle;
import io.taumesh.supervisor.SupervisorVerticle;
import io.taumesh.webui.WebUiVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Every service the all-in-one mesh can host, in start order. */
final class ServiceCatalog {

    private static final Map<MeshService, Supplier<? extends Deployable>> VERTICLES = new LinkedHashMap<>();

    static {
        VERTICLES.put(MeshService.SUPERVISOR, SupervisorVerticle::new);
        VERTICLES.put(MeshService.GATEWAY, GatewayVerticle::new);
        VERTICLES.put(MeshService.DASHBOARD, DashboardVerticle::new);
        VERTICLES.put(MeshService.RELAY, RelayVerticle::new);
        VERTICLES.put(MeshService.WEB_UI, WebUiVerticle::new);
    }

    private ServiceCatalog() {}

    /**
     * The units for these service ids, in start order, each with its config; an unknown id is an error that
     * lists the known ones.
     */
    static List<ServiceUnit> select(List<String> ids, Map<MeshService, JsonObject> configs) {
        for (String id : ids) {
            if (MeshService.byId(id).isEmpty()) {
                throw new IllegalArgumentException("unknown service '" + id + "' in --services; known: " + ids());
            }
        }
        return VERTICLES.entrySet().stream()
                .filter(e -> ids.contains(e.getKey().id()))
                .map(e -> new ServiceUnit(e.getKey(), e.getValue(), configs.getOrDefault(e.getKey(), new JsonObject())))
                .toList();
    }

    /**
     * The supervision config of the all-in-one mesh: every selected service but the supervisor, as its
     * verticle children, in start order, each restarted whenever it exits.
     */
    static JsonObject supervisionOf(
            List<String> ids, Map<MeshService, JsonObject> configs, NodeSettings node, int relayOpsPort) {
        JsonArray children = new JsonArray();
        for (ServiceUnit unit : select(ids, configs)) {
            if (unit.service() == MeshService.SUPERVISOR) {
                continue;
            }
            if (unit.service() == MeshService.RELAY) {
                children.add(relayProcess(unit.config().getJsonObject("relay", new JsonObject()), node, relayOpsPort));
                continue;
            }
            children.add(new JsonObject()
                    .put("id", unit.service().id())
                    .put("kind", "verticle")
                    .put("target", unit.verticle().get().getClass().getName())
                    .put("config", unit.config())
                    .put("restart", "permanent"));
        }
        return new JsonObject().put("schema_version", 1).put("children", children);
    }

    /**
     * The relay runs as its own OS process (runbook 002, P1-003): this JVM's java and classpath, joined to this
     * node's cluster; the supervisor fills in the {@code {tau.*}} placeholders when it starts it.
     */
    static JsonObject relayProcess(JsonObject relay, NodeSettings node, int opsPort) {
        String clusterHost = node.cluster().host();
        Path discoveryDir = node.discoveryDir();
        Path credentials = node.cluster().credentials();
        JsonArray command =
                new JsonArray().add("{tau.java}").add("-XX:+UseSerialGC").add("-Xmx256m");
        Path relayJar = relayJar();
        if (relayJar != null) {
            command.add("-jar").add(relayJar.toString());
        } else {
            // A lone tau-mesh.jar carries the relay's classes too; -cp needs Hazelcast's flags spelled out.
            HAZELCAST_JVM_FLAGS.forEach(command::add);
            command.add("-cp").add("{tau.classpath}").add("io.taumesh.relay.RelayMain");
        }
        command.add("--cluster-name")
                .add("{tau.cluster}")
                .add("--cluster-members")
                .add("{tau.member}")
                .add("--cluster-host")
                .add(clusterHost)
                .add("--cluster-port")
                .add("0")
                // It restarts whenever it is signalled: as a lite member its comings and goings move no cluster data.
                .add("--cluster-lite-member")
                // Its own /metrics, for Prometheus to scrape next to the node's.
                .add("--ops-port")
                .add(String.valueOf(opsPort))
                // Beside the node's own entry, so that a local command finds the relay's node too.
                .add("--discovery-dir")
                .add(absolute(discoveryDir, "none"))
                // The node's own credentials: a relay of this mesh holds what its nodes hold.
                .add("--mesh-credentials")
                .add(absolute(credentials, "none"))
                .add("--dashboard-path")
                .add(relay.getString("path", "/tmp/supervisor.sock"))
                .add("--relay-slow-client-policy")
                .add(relay.getString("slow_client_policy", "drop"));
        if (node.operatorsFile() != null) {
            // Who may sign in at its socket: the node's named operators.
            command.add("--operators").add(absolute(node.operatorsFile(), "none"));
        }
        return new JsonObject()
                .put("id", "relay")
                .put("kind", "process")
                .put("command", command)
                .put(
                        "log",
                        Path.of(".tau", "supervisor", "logs", "relay.log")
                                .toAbsolutePath()
                                .toString())
                .put("restart", "permanent")
                .put("shutdown_timeout_ms", 10_000);
    }

    /** {@code path} made absolute for a process that may run elsewhere, or {@code none} when there is none. */
    private static String absolute(@Nullable Path path, String none) {
        return path == null ? none : path.toAbsolutePath().toString();
    }

    /** The relay's own jar, when this launcher runs from a build of the repository (launcher/target/tau-mesh.jar). */
    static Path relayJar() {
        try {
            Path self = Path.of(ServiceCatalog.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path jar = self.getParent()
                    .getParent()
                    .getParent()
                    .resolve("relay-svc")
                    .resolve("target")
                    .resolve("relay-svc.jar");
            return Files.isRegularFile(jar) ? jar : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** What Hazelcast needs on Java 17; a jar's manifest carries them, a -cp command line must say them. */
    static final List<String> HAZELCAST_JVM_FLAGS = List.of(
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    static String ids() {
        return String.join(",", VERTICLES.keySet().stream().map(MeshService::id).toList());
    }
}
