package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.contract.DashboardLink;
import io.taumesh.core.testing.TestCertificates;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The five service images run as podman containers and form one cluster")
class ContainerMeshIT {

  static final Duration START = Duration.ofSeconds(60);
  static final Duration MEMBER_LOSS = Duration.ofSeconds(10);

  @Test
  @Timeout(240)
  @DisplayName("read-only, unprivileged containers, event bus under mutual TLS: every /readiness is 200, the web UI lists every member, a stopped "
      + "container is a member loss in the supervisor's view and on the dashboard within 10 s, and a restart brings it back")
  void fiveContainersFormOneCluster() throws Exception {
    Podman.assumeInstalled();
    MeshImage.assumeBuilt();
    String cluster = TestClusters.uniqueName("containers");
    Path store = Files.createTempDirectory("tau-podman-");
    // As in compose: the event bus under mutual TLS, the mesh's CA and a node certificate mounted read-only.
    Path tls = store.resolve("bus-tls");
    TestCertificates.authority(tls, "tau-mesh container test CA").issue("node");
    for (String file : List.of("ca.crt", "node.crt", "node.key")) {
      Files.setPosixFilePermissions(tls.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
    }
    MeshTopology topology = MeshTopology.onLoopback(cluster, null, MeshTopology.busTls(Path.of(TLS_MOUNT)));
    try (Podman podman = Podman.inStore(store)) {
      try {
        for (MeshImage service : MeshImage.services()) {
          podman.load(service.archive());
        }
        // The supervisor founds the cluster; the others then join it together.
        start(podman, cluster, topology.node(MeshImage.SUPERVISOR), tls);
        MeshChecks.awaitReady(topology.node(MeshImage.SUPERVISOR), START);
        for (MeshTopology.Node node : topology.joiners()) {
          start(podman, cluster, node, tls);
        }
        for (MeshTopology.Node node : topology.nodes()) {
          MeshChecks.awaitReady(node, START);
        }
        String supervisorOps = topology.node(MeshImage.SUPERVISOR).opsUrl();
        int uiPort = topology.node(MeshImage.WEB_UI).port("TAU_UI_PORT");
        for (MeshTopology.Node node : topology.nodes()) {
          Awaitility.await().atMost(START).until(() -> MeshChecks.members(node.opsUrl()) == 5);
        }
        Awaitility.await().atMost(START).until(() -> MeshChecks.dashboardMembers(MeshChecks.dashboardSnapshot(uiPort)).size() == 5);
        Awaitility.await().atMost(START).until(() -> DashboardLink.CONNECTED.wire()
            .equals(MeshChecks.supervisorLink(MeshChecks.dashboardSnapshot(uiPort))));
        for (MeshImage service : MeshImage.services()) {
          // The compose file's healthcheck, run in the container as the runtime runs it.
          List<String> healthcheck = new ArrayList<>(List.of("exec", name(cluster, service)));
          healthcheck.addAll(ComposeFileTest.healthcheckCommand(service));
          assertThat(podman.ok(healthcheck.toArray(String[]::new))).endsWith("/readiness 200");
          assertThat(podman.ok("top", name(cluster, service), "user")).as("the process's user").endsWith("tau");
          assertThat(podman.ok("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", name(cluster, service))).isEqualTo("true");
        }

        // Stopping the relay's container: the supervisor and the dashboard see the member go within ten seconds.
        String relay = name(cluster, MeshImage.RELAY);
        podman.ok("stop", "--time", "20", relay);
        long stoppedAt = System.nanoTime();
        assertThat(podman.state(relay)).as("SIGTERM stops the node cleanly").isEqualTo("exited 0");
        Awaitility.await().atMost(MEMBER_LOSS).pollInterval(Duration.ofMillis(200)).until(() -> {
          JsonObject snapshot = MeshChecks.dashboardSnapshot(uiPort);
          return MeshChecks.members(supervisorOps) == 4 && MeshChecks.dashboardMembers(snapshot).size() == 4
              && DashboardLink.DISCONNECTED.wire().equals(MeshChecks.supervisorLink(snapshot));
        });
        Duration seen = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertThat(seen).isLessThanOrEqualTo(MEMBER_LOSS);
        System.out.println("relay container stopped: member loss seen by the supervisor and the dashboard after "
            + seen.toMillis() + " ms");
        assertThat(podman.logs(relay)).contains("relay-svc: stopped");

        // Started again, the same container joins again and its heartbeat reconnects the supervisor's link.
        podman.ok("start", relay);
        MeshChecks.awaitReady(topology.node(MeshImage.RELAY), START);
        Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
          JsonObject snapshot = MeshChecks.dashboardSnapshot(uiPort);
          return MeshChecks.members(supervisorOps) == 5 && MeshChecks.dashboardMembers(snapshot).size() == 5
              && DashboardLink.CONNECTED.wire().equals(MeshChecks.supervisorLink(snapshot));
        });

        for (MeshImage service : MeshImage.services()) {
          podman.ok("stop", "--time", "20", name(cluster, service));
          assertThat(podman.state(name(cluster, service))).as(service + " stops cleanly").isEqualTo("exited 0");
        }
      } catch (AssertionError | RuntimeException e) {
        StringBuilder logs = new StringBuilder(e.getMessage() == null ? "" : e.getMessage());
        for (MeshImage service : MeshImage.services()) {
          logs.append("\n--- ").append(service).append(" container log ---\n").append(podman.logs(name(cluster, service)));
        }
        throw new AssertionError(logs.toString(), e);
      }
    }
  }

  @Test
  @Timeout(180)
  @DisplayName("the all-in-one image runs the whole mesh in one read-only container: its supervisor starts the relay as a "
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
      Map<String, String> env = new LinkedHashMap<>(Map.of("TAU_CLUSTER_NAME", cluster,
          "TAU_CLUSTER_HOST", "127.0.0.1", "TAU_CLUSTER_PORT", "0", "TAU_CLUSTER_MEMBERS", "none", "TAU_EVENTBUS_PORT", "0",
          "TAU_OPS_HOST", "127.0.0.1", "TAU_OPS_PORT", String.valueOf(ops)));
      env.putAll(Map.of("TAU_UI_HOST", "127.0.0.1", "TAU_UI_PORT", "0", "TAU_GATEWAY_HTTP_HOST", "127.0.0.1",
          "TAU_GATEWAY_HTTP_PORT", "0"));
      podman.start(name, MeshImage.ALL_IN_ONE.reference(), env);
      try {
        String opsUrl = "http://127.0.0.1:" + ops;
        Awaitility.await().atMost(START).until(() -> MeshChecks.readiness(opsUrl) == 200);
        Awaitility.await().atMost(START).until(() -> MeshHttp.get(opsUrl + "/mesh/status/relay").statusCode() == 200);
        assertThat(MeshChecks.members(opsUrl)).as("the node and its relay process").isEqualTo(2);
        podman.ok("stop", "--time", "30", name);
        assertThat(podman.state(name)).isEqualTo("exited 0");
        assertThat(podman.logs(name)).contains("ShutdownPhase::Completed").contains("tau-mesh: stopped");
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n--- container log ---\n" + podman.logs(name), e);
      }
    }
  }

  static final String TLS_MOUNT = "/etc/tau-mesh/bus-tls";

  private static void start(Podman podman, String cluster, MeshTopology.Node node, Path tls) throws Exception {
    podman.start(name(cluster, node.service()), node.service().reference(), node.env(),
        "--volume", tls + ":" + TLS_MOUNT + ":ro");
  }

  static String name(String cluster, MeshImage service) {
    return cluster + "-" + service.imageName;
  }
}
