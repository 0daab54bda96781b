package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members lost and members split off, with real JVMs: the survivors answer and sends to the dead fail fast; a
 * member paused longer than the failure detection is back, with its addresses, within 15 s of resuming, and
 * says it is split while it is.
 */
@DisplayName("Split-brain healing and member loss")
class SplitBrainIT {

    static final Duration FAIL_FAST = Duration.ofSeconds(5);
    static final Duration HEAL_BUDGET = Duration.ofSeconds(15);
    static final long PAUSE_MS = 8_000;

    @TempDir
    Path work;

    private ChildJvm start(String name, String jarProperty, String cluster, String seed, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--cluster-name", cluster, "--cluster-port", "0", "--cluster-members", seed == null ? "none" : seed));
        args.addAll(List.of(more));
        ChildJvm child = ChildJvm.start(name, TwoJvmMeshIT.jar(jarProperty), args.toArray(String[]::new));
        child.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
        return child;
    }

    private static String member(ChildJvm child) {
        return child.awaitLine(TwoJvmMeshIT.JOINED, TwoJvmMeshIT.START).group(1);
    }

    private static String ops(ChildJvm child) {
        return child.awaitLine(TwoJvmMeshIT.OPS, TwoJvmMeshIT.START).group(1);
    }

    /** The value of an unlabelled series in a Prometheus exposition. */
    static double gauge(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " is not in the exposition");
    }

    /** A request from the test's own node, as the mesh's services send them; the failure when there is one. */
    private static Throwable ask(MeshNode node, String address, long timeoutMs) {
        try {
            MeshBus.request(node.vertx(), address, new JsonObject(), Correlation.fresh(), timeoutMs)
                    .await(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    @Timeout(180)
    @DisplayName(
            "three service JVMs, two SIGKILLed: the survivor answers, sends to the dead fail with no handlers within 5 s, no stale registrations stay")
    void killTwoOfThree() throws Exception {
        String cluster = TestClusters.uniqueName("kill-two");
        try (ChildJvm gateway = start(
                "gateway-svc",
                "tau.jar.gateway",
                cluster,
                null,
                "--gateway-state-dir",
                work.resolve("gw").toString())) {
            String seed = member(gateway);
            try (ChildJvm dashboard = start(
                            "dashboard-svc",
                            "tau.jar.dashboard",
                            cluster,
                            seed,
                            "--dashboard-state-dir",
                            work.resolve("db").toString());
                    ChildJvm webui = start("web-ui", "tau.jar.webui", cluster, seed)) {
                MeshNode node = MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", 0, List.of(seed), 0)
                                .withCredentials(TestClusters.credentials()))
                        .await(60, TimeUnit.SECONDS);
                try {
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> node.members().size() == 4);
                    for (String address : List.of("tau.gateway.status", "tau.dashboard.status", "tau.webui.status")) {
                        assertThat(ask(node, address, 10_000))
                                .as("%s before the kills", address)
                                .isNull();
                    }
                    // The node has looked at who serves what (it does every second), as any node up for a while has.
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> node.registrationAudit()
                                    .servedBy()
                                    .keySet()
                                    .containsAll(
                                            List.of("tau.gateway.status", "tau.dashboard.status", "tau.webui.status")));
                    long killedAt = System.nanoTime();
                    gateway.kill();
                    dashboard.kill();
                    long slowest = 0;
                    for (String dead : List.of("tau.gateway.status", "tau.dashboard.status")) {
                        // Asked with a 30 s timeout: the answer must not wait for it.
                        while (true) {
                            long sent = System.nanoTime();
                            Throwable failure = ask(node, dead, 30_000);
                            long took =
                                    Duration.ofNanos(System.nanoTime() - sent).toMillis();
                            slowest = Math.max(slowest, took);
                            assertThat(took)
                                    .as("a send to %s after the kill fails within %s", dead, FAIL_FAST)
                                    .isLessThanOrEqualTo(FAIL_FAST.toMillis());
                            assertThat(failure)
                                    .as("%s answered after its JVM was killed", dead)
                                    .isNotNull();
                            if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                                break;
                            }
                        }
                    }
                    long noHandlers =
                            Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
                    assertThat(noHandlers)
                            .as("both dead addresses have no handlers, ms after the kill")
                            .isLessThanOrEqualTo(2 * FAIL_FAST.toMillis());
                    // Losing the master can split the two survivors from each other for a moment (each suspects the
                    // other while the cluster re-forms), and a split node rightly says nobody serves the address: the
                    // survivor must answer once they have merged back, within the heal budget.
                    List<String> failures = new ArrayList<>();
                    Awaitility.await()
                            .atMost(HEAL_BUDGET.multipliedBy(2))
                            .pollInterval(Duration.ofMillis(200))
                            .alias("the survivor answers")
                            .until(() -> {
                                Throwable failure = ask(node, "tau.webui.status", 5_000);
                                if (failure != null) {
                                    failures.add(failure.getMessage());
                                }
                                return failure == null;
                            });
                    System.out.println("kill two of three: the survivor answered after " + failures.size()
                            + " failed asks " + failures);
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(20))
                            .until(() -> node.registrationAudit().audit() == 0);
                    // Ready once Hazelcast has moved the dead members' partitions (its cluster check is down until
                    // then), and not split: its peers are gone, not split off. A split from this test's node, which
                    // lives, is the momentary one of the survivors above, waited out; one from a dead peer fails.
                    String living = node.members().localAddress();
                    HttpResponse<String> ready = Awaitility.await()
                            .atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200))
                            .until(
                                    () -> MeshHttp.get(ops(webui) + "/readiness"),
                                    r -> r.statusCode() == 200
                                            || r.body().contains("split")
                                                    && !r.body().contains(living + " "));
                    assertThat(ready.statusCode())
                            .as("the survivor is ready: its peers are gone, not split off: %s", ready.body())
                            .isEqualTo(200);
                    System.out.println("kill two of three: slowest failing send " + slowest
                            + " ms; no handlers for both " + noHandlers + " ms after the kill");
                } finally {
                    node.close().await(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    @Timeout(180)
    @DisplayName(
            "a member paused past the failure detection (SIGSTOP) says it is split, and is back with its addresses within 15 s of SIGCONT")
    void pausedMemberHeals() throws Exception {
        String cluster = TestClusters.uniqueName("pause");
        try (ChildJvm gateway = start(
                "gateway-svc",
                "tau.jar.gateway",
                cluster,
                null,
                "--gateway-state-dir",
                work.resolve("gw").toString())) {
            String seed = member(gateway);
            try (ChildJvm webui = start("web-ui", "tau.jar.webui", cluster, seed)) {
                String webuiOps = ops(webui);
                MeshNode node = MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", 0, List.of(seed), 0)
                                .withCredentials(TestClusters.credentials()))
                        .await(60, TimeUnit.SECONDS);
                try {
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> node.members().size() == 3);
                    assertThat(ask(node, "tau.webui.status", 10_000)).isNull();
                    webui.signal("STOP");
                    try {
                        Awaitility.await()
                                .atMost(Duration.ofSeconds(20))
                                .until(() -> node.members().size() == 2);
                        Thread.sleep(Math.max(
                                0, PAUSE_MS - 5_000)); // the rest of the pause: a frozen VM does not choose its length
                    } finally {
                        webui.signal("CONT");
                    }
                    long resumed = System.nanoTime();
                    boolean[] saidSplit = {false};
                    Awaitility.await()
                            .atMost(HEAL_BUDGET)
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> {
                                HttpResponse<String> ready = MeshHttp.get(webuiOps + "/readiness");
                                if (ready.statusCode() != 200 && ready.body().contains("split")) {
                                    saidSplit[0] = true;
                                }
                                return ready.statusCode() == 200
                                        && node.members().size() == 3
                                        && MeshHttp.memberCount(webuiOps) == 3
                                        && ask(node, "tau.webui.status", 2_000) == null;
                            });
                    long healed = Duration.ofNanos(System.nanoTime() - resumed).toMillis();
                    System.out.println("paused member back in the mesh " + healed + " ms after SIGCONT (said split: "
                            + saidSplit[0] + ")");
                    assertThat(healed).isLessThanOrEqualTo(HEAL_BUDGET.toMillis());
                    // Whether it said "split" on the way depends on whether the merge beat its next cluster audit (1
                    // s):
                    // printed above, not asserted. SplitWatchTest holds the split signal itself.
                    // Its addresses are seen from the other JVM too, and no node keeps a registration of a node that is
                    // gone.
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> MeshHttp.get(ops(gateway) + "/mesh/status/webui")
                                            .statusCode()
                                    == 200);
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> node.registrationAudit().audit() == 0);
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() ->
                                    gauge(MeshHttp.get(webuiOps + "/metrics").body(), "tau_cluster_stale_registrations")
                                            == 0);
                } finally {
                    node.close().await(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    @Timeout(240)
    @DisplayName(
            "a member split off merges back although the master of the other piece is nobody's seed (an operator's "
                    + "lite member left oldest), asking the members it has seen")
    void splitMemberFindsAMasterThatIsNoSeed() throws Exception {
        String cluster = TestClusters.uniqueName("no-seed-master");
        List<MeshNode> nodes = new ArrayList<>();
        try (ChildJvm first = start(
                "gateway-svc",
                "tau.jar.gateway",
                cluster,
                null,
                "--gateway-state-dir",
                work.resolve("gw").toString())) {
            String seed = member(first);
            // The operator's lite member joins second, so it is the oldest once the first node stops: the master.
            MeshNode operator = MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", 0, List.of(seed), 0, true)
                            .withCredentials(TestClusters.credentials()))
                    .await(60, TimeUnit.SECONDS);
            nodes.add(operator);
            for (int i = 0; i < 2; i++) {
                nodes.add(MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", 0, List.of(seed), 0)
                                .withCredentials(TestClusters.credentials()))
                        .await(60, TimeUnit.SECONDS));
            }
            try (ChildJvm webui = start("web-ui", "tau.jar.webui", cluster, seed)) {
                String webuiOps = ops(webui);
                first.terminate();
                assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
                Awaitility.await("four members, the operator's lite member the oldest")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> operator.members().size() == 4 && MeshHttp.memberCount(webuiOps) == 4);

                // The web UI's only seed is gone; paused past the failure detection, it comes back alone.
                webui.signal("STOP");
                try {
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(20))
                            .until(() -> operator.members().size() == 3);
                    Thread.sleep(Math.max(
                            0, PAUSE_MS - 5_000)); // the rest of the pause: a frozen VM does not choose its length
                } finally {
                    webui.signal("CONT");
                }
                long resumed = System.nanoTime();
                try {
                    Awaitility.await("the web UI back in the operator's cluster")
                            .atMost(HEAL_BUDGET)
                            .pollInterval(Duration.ofMillis(200))
                            .ignoreExceptions()
                            .until(() -> operator.members().size() == 4 && MeshHttp.memberCount(webuiOps) == 4);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(e.getMessage() + "\n" + webui.transcript(), e);
                }
                System.out.println("split member back through a master that is no seed "
                        + Duration.ofNanos(System.nanoTime() - resumed).toMillis() + " ms after SIGCONT");
            }
        } finally {
            for (MeshNode node : nodes) {
                node.close().await(30, TimeUnit.SECONDS);
            }
        }
    }
}
