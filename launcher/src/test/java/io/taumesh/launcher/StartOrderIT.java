package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that start in any order end in one cluster. Name resolution is each JVM's own hosts file
 * ({@code -Djdk.net.hosts.file}), which the test rewrites while they run: a seed whose name does not resolve yet
 * stands for a compose service whose container is not there, or a headless Service with no pod behind it.
 */
@DisplayName("One mesh from any start order")
class StartOrderIT {

    /** Nodes that can reach each other are one cluster within this (issue budget). */
    static final Duration MERGE_BUDGET = Duration.ofSeconds(15);

    static final Duration START = Duration.ofSeconds(60);
    static final Pattern READY = Pattern.compile(": ready;");

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    @DisplayName(
            "seeds by name: three nodes start apart while their names resolve nowhere but at home, and are one cluster "
                    + "within 15 s of the names resolving; the service of each is then served from the others")
    void namedSeedsThatResolveLater() throws Exception {
        String cluster = TestClusters.uniqueName("start-order");
        List<String> names = List.of("tau-supervisor", "tau-gateway", "tau-dashboard");
        List<String> jars = List.of("tau.jar.supervisor", "tau.jar.gateway", "tau.jar.dashboard");
        List<Integer> ports = List.of(freePort(), freePort(), freePort());
        String seeds = String.join(
                ",",
                List.of(
                        names.get(0) + ":" + ports.get(0),
                        names.get(1) + ":" + ports.get(1),
                        names.get(2) + ":" + ports.get(2)));
        List<Path> hostsFiles = new ArrayList<>();
        List<ChildJvm> nodes = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                // At first each node resolves its own name only: every node founds a cluster of its own.
                Path hosts = dir.resolve("hosts-" + i);
                Files.writeString(hosts, "127.0.0.1 " + names.get(i) + "\n");
                hostsFiles.add(hosts);
                int opsPort = freePort();
                ops.add("http://127.0.0.1:" + opsPort);
                List<String> args = new ArrayList<>(List.of(
                        "--cluster-name",
                        cluster,
                        "--cluster-host",
                        names.get(i),
                        "--cluster-port",
                        String.valueOf(ports.get(i)),
                        "--cluster-members",
                        seeds,
                        "--ops-port",
                        String.valueOf(opsPort),
                        "--discovery-dir",
                        "none"));
                if (i == 1) {
                    args.addAll(List.of(
                            "--gateway-http-port",
                            "0",
                            "--gateway-state-dir",
                            dir.resolve("gateway").toString()));
                } else if (i == 2) {
                    args.addAll(List.of(
                            "--dashboard-state-dir", dir.resolve("dashboard").toString()));
                }
                ChildJvm node = ChildJvm.start(
                        names.get(i),
                        ChildJvm.Options.DEFAULT.withJvmOptions("-Djdk.net.hosts.file=" + hosts),
                        jar(jars.get(i)),
                        args.toArray(String[]::new));
                nodes.add(node);
                node.awaitLine(READY, START);
            }
            for (String url : ops) {
                assertThat(MeshChecks.members(url))
                        .as("started apart: names of the others do not resolve")
                        .isEqualTo(1);
            }
            assertThat(nodes.get(0).stderr())
                    .anyMatch(l -> l.contains("names not resolving yet: ")
                            && l.contains("tau-gateway")
                            && l.contains("tau-dashboard"));

            String everyone = "127.0.0.1 " + String.join(" ", names) + "\n";
            long resolvedAt = System.nanoTime();
            for (Path hosts : hostsFiles) {
                Files.writeString(hosts, everyone);
            }
            Awaitility.await("one cluster of three")
                    .atMost(MERGE_BUDGET)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ops.stream().allMatch(url -> MeshChecks.members(url) == 3));
            long merged = Duration.ofNanos(System.nanoTime() - resolvedAt).toMillis();
            System.out.println("start order: three nodes started apart were one cluster " + merged
                    + " ms after their names resolved");
            for (String url : ops) {
                for (String service : List.of("supervisor", "gateway", "dashboard")) {
                    Awaitility.await(service + " served from " + url)
                            .atMost(Duration.ofSeconds(10))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> MeshHttp.get(url + "/mesh/status/" + service)
                                            .statusCode()
                                    == 200);
                }
                Awaitility.await("ready " + url)
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> MeshChecks.readiness(url) == 200);
            }
        } finally {
            for (ChildJvm node : nodes) {
                node.close();
            }
        }
    }

    @Test
    @Timeout(240)
    @DisplayName("a lite member that starts first waits for a full member, saying so in its log and in /readiness, "
            + "instead of exiting; it starts its service once one joins")
    void liteMemberWaitsForAFullMember() throws Exception {
        String cluster = TestClusters.uniqueName("lite-first");
        int relayPort = freePort();
        int uiPort = freePort();
        String seeds = "127.0.0.1:" + relayPort + ",127.0.0.1:" + uiPort;
        int relayOps = freePort();
        String relayUrl = "http://127.0.0.1:" + relayOps;
        try (ChildJvm relay = ChildJvm.start(
                "relay",
                jar("tau.jar.relay"),
                "--cluster-name",
                cluster,
                "--cluster-port",
                String.valueOf(relayPort),
                "--cluster-members",
                seeds,
                "--cluster-lite-member",
                "--ops-port",
                String.valueOf(relayOps),
                "--discovery-dir",
                "none",
                "--dashboard-path",
                dir.resolve("relay.sock").toString())) {
            relay.awaitErrLine(Pattern.compile("waiting for a full member"), START);
            Awaitility.await("the waiting relay's readiness")
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> MeshChecks.readiness(relayUrl) == 503);
            JsonObject readiness =
                    new JsonObject(MeshHttp.get(relayUrl + "/readiness").body());
            assertThat(readiness.encode()).contains("waiting for a full member").contains(cluster);
            assertThat(MeshHttp.get(relayUrl + "/health").statusCode()).isEqualTo(200);
            assertThat(relay.isAlive()).as("it waits instead of exiting").isTrue();

            try (ChildJvm ui = ChildJvm.start(
                    "web-ui",
                    jar("tau.jar.webui"),
                    "--cluster-name",
                    cluster,
                    "--cluster-port",
                    String.valueOf(uiPort),
                    "--cluster-members",
                    seeds,
                    "--ops-port",
                    "0",
                    "--ui-port",
                    "0",
                    "--discovery-dir",
                    "none")) {
                ui.awaitLine(READY, START);
                relay.awaitLine(READY, START);
                Awaitility.await("the relay ready")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> MeshChecks.readiness(relayUrl) == 200);
                assertThat(MeshChecks.members(relayUrl)).isEqualTo(2);
                assertThat(relay.stderr()).anyMatch(l -> l.contains("a full member joined"));
            }
        }
    }

    @Test
    @Timeout(240)
    @DisplayName(
            "Kubernetes DNS lookup: two pods start while the Service's name resolves to nothing, each alone, and are "
                    + "one cluster within 15 s of the name resolving to both")
    void serviceNameThatResolvesLater() throws Exception {
        String cluster = TestClusters.uniqueName("k8s-cold");
        String service = "tau-members.test.svc.cluster.local";
        List<String> podIps = List.of("127.0.0.2", "127.0.0.3");
        int memberPort = freePortOnBoth(podIps);
        List<ChildJvm> pods = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        List<Path> hostsFiles = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Path hosts = dir.resolve("pod-hosts-" + i);
                Files.writeString(hosts, "# no pod of the mesh is ready yet\n");
                hostsFiles.add(hosts);
                int opsPort = freePort();
                ops.add("http://127.0.0.1:" + opsPort);
                ChildJvm pod = ChildJvm.start(
                        "pod-" + i,
                        ChildJvm.Options.DEFAULT.withJvmOptions("-Djdk.net.hosts.file=" + hosts),
                        jar("tau.jar.webui"),
                        "--cluster-name",
                        cluster,
                        "--cluster-host",
                        podIps.get(i),
                        "--cluster-port",
                        String.valueOf(memberPort),
                        "--cluster-join",
                        "kubernetes",
                        "--cluster-service-dns",
                        service,
                        "--ops-port",
                        String.valueOf(opsPort),
                        "--ui-port",
                        "0",
                        "--discovery-dir",
                        "none");
                pods.add(pod);
                pod.awaitLine(READY, START);
            }
            for (String url : ops) {
                assertThat(MeshChecks.members(url))
                        .as("the name resolved to nothing: each pod founded a cluster alone")
                        .isEqualTo(1);
            }
            long resolvedAt = System.nanoTime();
            for (Path hosts : hostsFiles) {
                Files.writeString(hosts, podIps.get(0) + " " + service + "\n" + podIps.get(1) + " " + service + "\n");
            }
            Awaitility.await("one cluster of two pods")
                    .atMost(MERGE_BUDGET)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ops.stream().allMatch(url -> MeshChecks.members(url) == 2));
            System.out.println("kubernetes cold start: two pods were one cluster "
                    + Duration.ofNanos(System.nanoTime() - resolvedAt).toMillis()
                    + " ms after the Service name listed them");
            for (String url : ops) {
                Awaitility.await("ready " + url)
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> MeshChecks.readiness(url) == 200);
            }
        } finally {
            for (ChildJvm pod : pods) {
                pod.close();
            }
        }
    }

    @Test
    @Timeout(180)
    @DisplayName("islands: a node whose named seed answers but stays outside its cluster says so after the grace, in "
            + "/readiness, /cluster and tau_cluster_seeds_outside, and not before")
    void islandsAreReported() throws Exception {
        int aPort = freePort();
        int bPort = freePort();
        String seeds = "127.0.0.1:" + aPort + ",127.0.0.1:" + bPort;
        // Ops and UI ports chosen by the kernel as each binds, read from what island a prints: a port picked free
        // beforehand can be taken meanwhile by one of the many connections the two islands open to each other.
        // Two clusters that list each other: each answers on its member port, and they never merge.
        try (ChildJvm a = ChildJvm.start(
                        "island-a",
                        jar("tau.jar.webui"),
                        "--cluster-name",
                        TestClusters.uniqueName("island-a"),
                        "--cluster-port",
                        String.valueOf(aPort),
                        "--cluster-members",
                        seeds,
                        "--ops-port",
                        "0",
                        "--ui-port",
                        "0",
                        "--ui-token",
                        ISLAND_TOKEN,
                        "--discovery-dir",
                        "none");
                ChildJvm b = ChildJvm.start(
                        "island-b",
                        jar("tau.jar.webui"),
                        "--cluster-name",
                        TestClusters.uniqueName("island-b"),
                        "--cluster-port",
                        String.valueOf(bPort),
                        "--cluster-members",
                        seeds,
                        "--ops-port",
                        "0",
                        "--ui-port",
                        "0",
                        "--discovery-dir",
                        "none")) {
            a.awaitLine(READY, START);
            b.awaitLine(READY, START);
            long bothUp = System.nanoTime();
            String aUrl = a.awaitLine(TwoJvmMeshIT.OPS, START).group(1);
            int aUi =
                    Integer.parseInt(a.awaitLine(ObservabilityIT.WEB_UI, START).group(1));
            Awaitility.await("island a reported apart")
                    .atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> MeshChecks.readiness(aUrl) == 503);
            assertThat(Duration.ofNanos(System.nanoTime() - bothUp))
                    .as("not before the grace: a new member takes a moment to join")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(MeshHttp.get(aUrl + "/readiness").body()).contains("apart: seed member 127.0.0.1:" + bPort);
            JsonObject cluster = new JsonObject(MeshHttp.get(aUrl + "/cluster").body());
            assertThat(cluster.getInteger("member_count")).isEqualTo(1);
            assertThat(cluster.getJsonArray("seeds_outside").getList()).containsExactly("127.0.0.1:" + bPort);
            assertThat(MeshHttp.get(aUrl + "/metrics").body())
                    .containsPattern("(?m)^tau_cluster_seeds_outside(\\{[^}]*\\})? 1\\.0$");
            assertThat(a.stderr()).anyMatch(l -> l.contains("the mesh is in pieces: 127.0.0.1:" + bPort));
            // The web UI's cluster card reads the same: the snapshot a page loads names the seed outside.
            JsonObject card = MeshChecks.dashboardSnapshot(aUi, ISLAND_TOKEN).getJsonObject("cluster");
            assertThat(card.getJsonArray("seeds_outside").getList()).containsExactly("127.0.0.1:" + bPort);
        }
    }

    static final String ISLAND_TOKEN = "island-operator-token-0123456789";

    static Path jar(String property) {
        return Path.of(System.getProperty(property, "missing-system-property-" + property));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port free on every one of these loopback addresses (Linux routes all of 127/8 to the loopback device). */
    static int freePortOnBoth(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (String address : addresses) {
                    ServerSocket socket = new ServerSocket();
                    held.add(socket);
                    socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
                }
                return port;
            } catch (IOException taken) {
                // Try another.
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new IOException("no port free on all of " + addresses + " in 50 tries");
    }
}
