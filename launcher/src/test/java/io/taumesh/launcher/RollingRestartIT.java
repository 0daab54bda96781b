package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.cluster.BusTls;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestCertificates;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A rolling restart of the compose topology under a bounded load of control actions")
class RollingRestartIT {

    static final Duration START = Duration.ofSeconds(60);
    /** At most this many actions, one every {@link #PACE}: a bounded load, whatever the machine's speed. */
    static final int MAX_ACTIONS = 400;

    static final Duration PACE = Duration.ofMillis(100);

    @TempDir
    Path dataDir;

    @Test
    @Timeout(240)
    @DisplayName("every service restarted in turn: each control action acknowledged before, during or after is still "
            + "known to the dashboard runner afterwards, none lost")
    void rollingRestartLosesNoAcknowledgedAction() throws Exception {
        TestCertificates.authority(dataDir.resolve("tls"), "tau-mesh rolling test CA")
                .issue("node");
        Map<String, String> tls = MeshTopology.busTls(dataDir.resolve("tls"));
        String cluster = TestClusters.uniqueName("rolling");
        MeshTopology topology = MeshTopology.onLoopback(cluster, dataDir, tls);
        Map<MeshImage, ChildJvm> jvms = new EnumMap<>(MeshImage.class);
        MeshNode client = null;
        AtomicBoolean rolling = new AtomicBoolean(true);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger notAcknowledged = new AtomicInteger();
        Thread load = null;
        try {
            jvms.put(MeshImage.SUPERVISOR, start(topology.node(MeshImage.SUPERVISOR)));
            MeshChecks.awaitReady(topology.node(MeshImage.SUPERVISOR), START);
            for (MeshTopology.Node node : topology.joiners()) {
                jvms.put(node.service(), start(node));
            }
            for (MeshTopology.Node node : topology.nodes()) {
                MeshChecks.awaitReady(node, START);
            }
            // The operator's side: a lite member of the cluster, with the mesh's certificate, sending control actions.
            List<String> seeds = topology.nodes().stream()
                    .map(n -> "127.0.0.1:" + n.clusterPort())
                    .toList();
            client = MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", 0, seeds, 0, true)
                            .withTls(new BusTls(
                                    tls.get("TAU_BUS_TLS_KEY"), tls.get("TAU_BUS_TLS_CERT"), tls.get("TAU_BUS_TLS_CA")))
                            .withCredentials(TestClusters.credentials()))
                    .await(60, TimeUnit.SECONDS);
            String supervisorOps = topology.node(MeshImage.SUPERVISOR).opsUrl();
            Awaitility.await().atMost(START).until(() -> MeshChecks.members(supervisorOps) == 6);

            MeshNode operator = client;
            load = new Thread(
                    () -> {
                        while (rolling.get() && sent.get() < MAX_ACTIONS) {
                            String key = "rolling-" + sent.incrementAndGet();
                            try {
                                JsonObject reply = operator.vertx()
                                        .eventBus()
                                        .<JsonObject>request(
                                                Addresses.DASHBOARD_CONTROL,
                                                action(key),
                                                new DeliveryOptions().setSendTimeout(5_000))
                                        .await(10, TimeUnit.SECONDS)
                                        .body();
                                if (ControlVerdict.ACCEPTED.wire().equals(reply.getString("result"))
                                        && !reply.getBoolean("duplicate", false)) {
                                    acknowledged.add(key);
                                } else {
                                    notAcknowledged.incrementAndGet();
                                }
                            } catch (Exception e) {
                                notAcknowledged
                                        .incrementAndGet(); // no handler or no reply while a node restarts: never
                                // acknowledged
                            }
                            try {
                                Thread.sleep(PACE.toMillis()); // pacing the load, not waiting for a condition
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "rolling-load");
            load.start();
            Awaitility.await().atMost(START).until(() -> acknowledged.size() >= 10);

            for (MeshImage service : MeshImage.services()) {
                ChildJvm old = jvms.remove(service);
                old.terminate();
                assertThat(old.awaitExit(Duration.ofSeconds(30)))
                        .as(service + " stops cleanly\n" + old.transcript())
                        .isZero();
                long restarted = System.nanoTime();
                jvms.put(service, start(topology.node(service)));
                MeshChecks.awaitReady(topology.node(service), START);
                awaitSixMembers(topology, jvms, service, supervisorOps);
                System.out.println("rolling restart: " + service + " back in "
                        + Duration.ofNanos(System.nanoTime() - restarted).toMillis() + " ms; " + acknowledged.size()
                        + " acknowledged of " + sent.get() + " sent");
            }
            int before = acknowledged.size();
            Awaitility.await()
                    .atMost(START)
                    .until(() -> acknowledged.size() >= before + 10 || sent.get() >= MAX_ACTIONS);
            rolling.set(false);
            load.join(30_000);

            // Each acknowledged action is known to the dashboard runner after its restart: repeated, it is a duplicate.
            List<String> lost = new ArrayList<>();
            for (String key : acknowledged) {
                JsonObject again = client.vertx()
                        .eventBus()
                        .<JsonObject>request(
                                Addresses.DASHBOARD_CONTROL, action(key), new DeliveryOptions().setSendTimeout(10_000))
                        .await(15, TimeUnit.SECONDS)
                        .body();
                if (!again.getBoolean("duplicate", false)) {
                    lost.add(key + " -> " + again.encode());
                }
            }
            System.out.println("rolling restart: " + acknowledged.size() + " acknowledged, " + notAcknowledged.get()
                    + " not acknowledged while nodes restarted, " + lost.size() + " lost");
            assertThat(acknowledged).as("a load that overlaps the restarts").hasSizeGreaterThan(30);
            assertThat(lost)
                    .as("acknowledged actions the dashboard no longer knows")
                    .isEmpty();
        } finally {
            rolling.set(false);
            if (load != null) {
                load.join(30_000);
            }
            if (client != null) {
                client.close().await(30, TimeUnit.SECONDS);
            }
            for (ChildJvm jvm : jvms.values()) {
                jvm.close();
            }
        }
    }

    /** Six members in the supervisor's view; if not, every node's view, and the logs of the restarted node and of any node apart. */
    private static void awaitSixMembers(
            MeshTopology topology, Map<MeshImage, ChildJvm> jvms, MeshImage service, String supervisorOps) {
        try {
            Awaitility.await(service + " back: the supervisor's node sees six members")
                    .atMost(START)
                    .until(() -> MeshChecks.members(supervisorOps) == 6);
        } catch (ConditionTimeoutException e) {
            StringBuilder views = new StringBuilder();
            StringBuilder logs = new StringBuilder();
            for (MeshTopology.Node node : topology.nodes()) {
                String view;
                try {
                    view = MeshHttp.get(node.opsUrl() + "/cluster").body();
                } catch (Exception unreachable) {
                    view = "unreachable: " + unreachable;
                }
                views.append('\n').append(node.service()).append(": ").append(view);
                if (node.service() == service || !view.contains("\"member_count\":6")) {
                    logs.append('\n')
                            .append(node.service())
                            .append("'s log:\n")
                            .append(jvms.get(node.service()).transcript());
                }
            }
            throw new AssertionError(e.getMessage() + "\nviews:" + views + logs, e);
        }
    }

    /** A control action routed to the gateway, applied at most once per key. */
    static JsonObject action(String key) {
        return new JsonObject()
                .put("target", "gateway")
                .put("action", RunnerAction.RUN_CYCLE.wire())
                .put("idempotency_key", key)
                .put("channel_id", "rolling");
    }

    private static ChildJvm start(MeshTopology.Node node) throws Exception {
        return ChildJvm.start(node.service().module, node.env(), node.service().jar());
    }
}
