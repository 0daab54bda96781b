package io.taumesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The five services of {@code deploy/compose/compose.yaml}, each its own node, laid out on loopback: every node
 * lists every member port as a seed, as the compose file lists the services. The same settings go to a container
 * (as its environment) and to a plain JVM (as its environment too), so that both tests start one topology.
 */
final class MeshTopology {

    /** One node: its service and the environment it starts with. */
    record Node(MeshImage service, int clusterPort, int opsPort, Map<String, String> env) {
        String opsUrl() {
            return "http://127.0.0.1:" + opsPort;
        }

        int port(String variable) {
            return Integer.parseInt(env.get(variable));
        }
    }

    static final String TOKEN = "topology-operator-token";

    private final Map<MeshImage, Node> nodes;

    private MeshTopology(Map<MeshImage, Node> nodes) {
        this.nodes = nodes;
    }

    /**
     * The five nodes in cluster {@code clusterName} on free loopback ports. {@code dataDir}, when given, holds the
     * state dirs and the relay's socket (a plain JVM's); a container keeps them in its image's own folders.
     */
    static MeshTopology onLoopback(String clusterName, Path dataDir) throws IOException {
        return onLoopback(clusterName, dataDir, Map.of());
    }

    /** As above, every node also given {@code shared} (the event bus's TLS files, as the deploys set them). */
    static MeshTopology onLoopback(String clusterName, Path dataDir, Map<String, String> shared) throws IOException {
        Map<MeshImage, Integer> clusterPorts = new LinkedHashMap<>();
        for (MeshImage service : MeshImage.services()) {
            clusterPorts.put(service, freePort());
        }
        String members =
                clusterPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        Map<MeshImage, Node> nodes = new LinkedHashMap<>();
        for (MeshImage service : MeshImage.services()) {
            Map<String, String> env = new LinkedHashMap<>(shared);
            env.put("TAU_CLUSTER_NAME", clusterName);
            env.put("TAU_CLUSTER_HOST", "127.0.0.1");
            env.put("TAU_CLUSTER_PORT", String.valueOf(clusterPorts.get(service)));
            env.put("TAU_CLUSTER_MEMBERS", members);
            // Nobody needs to know it in advance: the cluster tells the members where each event bus listens.
            env.put("TAU_EVENTBUS_PORT", "0");
            env.put("TAU_OPS_HOST", "127.0.0.1");
            int opsPort = freePort();
            env.put("TAU_OPS_PORT", String.valueOf(opsPort));
            switch (service) {
                case GATEWAY -> {
                    env.put("TAU_GATEWAY_HTTP_HOST", "127.0.0.1");
                    env.put("TAU_GATEWAY_HTTP_PORT", String.valueOf(freePort()));
                    if (dataDir != null) {
                        env.put(
                                "TAU_GATEWAY_STATE_DIR",
                                dataDir.resolve("gateway").toString());
                    }
                }
                case DASHBOARD -> {
                    if (dataDir != null) {
                        env.put(
                                "TAU_DASHBOARD_STATE_DIR",
                                dataDir.resolve("dashboard").toString());
                    }
                }
                case RELAY -> {
                    env.put("TAU_CLUSTER_LITE_MEMBER", "true");
                    if (dataDir != null) {
                        env.put(
                                "TAU_DASHBOARD_PATH",
                                dataDir.resolve("supervisor.sock").toString());
                    }
                }
                case WEB_UI -> {
                    env.put("TAU_UI_HOST", "127.0.0.1");
                    env.put("TAU_UI_PORT", String.valueOf(freePort()));
                    env.put("TAU_UI_TOKEN", TOKEN);
                    // As a proxy in front would need it: the variable is read and taken by the image as built.
                    env.put("TAU_UI_ALLOWED_ORIGINS", "https://mesh.test");
                }
                default -> {}
            }
            nodes.put(service, new Node(service, clusterPorts.get(service), opsPort, Map.copyOf(env)));
        }
        return new MeshTopology(nodes);
    }

    /** The variables a node of this service gets in the test topology (for comparison with the deploys). */
    static Set<String> onLoopbackKeys(MeshImage service) {
        try {
            return onLoopback("keys", Path.of("data"), busTls(Path.of("tls")))
                    .node(service)
                    .env()
                    .keySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event bus's TLS settings of every node, as the deploys give them: the files in {@code dir}. */
    static Map<String, String> busTls(Path dir) {
        return Map.of(
                "TAU_BUS_TLS_KEY",
                dir.resolve("node.key").toString(),
                "TAU_BUS_TLS_CERT",
                dir.resolve("node.crt").toString(),
                "TAU_BUS_TLS_CA",
                dir.resolve("ca.crt").toString());
    }

    Node node(MeshImage service) {
        return nodes.get(service);
    }

    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The nodes started once the first (the supervisor) has founded the cluster. */
    List<Node> joiners() {
        return nodes().subList(1, nodes.size());
    }

    /** Ports below the kernel's ephemeral range, so that no outgoing connection takes one before its node binds it. */
    static final int FIRST_PORT = 20_000;

    static final int LAST_PORT = 32_000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    static int freePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = FIRST_PORT + random.nextInt(LAST_PORT - FIRST_PORT);
            if (GIVEN.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                GIVEN.add(port);
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between " + FIRST_PORT + " and " + LAST_PORT);
    }
}
