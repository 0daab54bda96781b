package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.contract.DashboardLink;
import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestCertificates;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The compose topology as five plain JVMs on loopback")
class FiveJvmMeshIT {

    static final Duration START = Duration.ofSeconds(60);
    static final Duration MEMBER_LOSS = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    @Timeout(180)
    @DisplayName(
            "five service jars configured by environment alone, event bus under mutual TLS, form one cluster; a stopped relay is a member loss "
                    + "on the supervisor and the dashboard within 10 s, and a new relay joins again")
    void fiveJvmsFormOneCluster() throws Exception {
        TestCertificates.authority(dataDir.resolve("tls"), "tau-mesh five-JVM test CA")
                .issue("node");
        MeshTopology topology = MeshTopology.onLoopback(
                TestClusters.uniqueName("five-jvm"), dataDir, MeshTopology.busTls(dataDir.resolve("tls")));
        Map<MeshImage, ChildJvm> jvms = new EnumMap<>(MeshImage.class);
        try {
            jvms.put(MeshImage.SUPERVISOR, start(topology.node(MeshImage.SUPERVISOR)));
            MeshChecks.awaitReady(topology.node(MeshImage.SUPERVISOR), START);
            for (MeshTopology.Node node : topology.joiners()) {
                jvms.put(node.service(), start(node));
            }
            for (MeshTopology.Node node : topology.nodes()) {
                MeshChecks.awaitReady(node, START);
                Awaitility.await().atMost(START).until(() -> MeshChecks.members(node.opsUrl()) == 5);
            }
            int uiPort = topology.node(MeshImage.WEB_UI).port("TAU_UI_PORT");
            String supervisorOps = topology.node(MeshImage.SUPERVISOR).opsUrl();
            Awaitility.await().atMost(START).until(() -> {
                JsonObject snapshot = MeshChecks.dashboardSnapshot(uiPort, MeshTopology.TOKEN);
                return MeshChecks.dashboardMembers(snapshot).size() == 5
                        && DashboardLink.CONNECTED.wire().equals(MeshChecks.supervisorLink(snapshot));
            });
            JsonObject status =
                    new JsonObject(MeshHttp.get(topology.node(MeshImage.WEB_UI).opsUrl() + "/mesh/status/gateway")
                            .body());
            assertThat(status.getString("service"))
                    .as("the web UI's node asks the gateway's node")
                    .isEqualTo("gateway");

            ChildJvm relay = jvms.remove(MeshImage.RELAY);
            relay.terminate();
            long stoppedAt = System.nanoTime();
            assertThat(relay.awaitExit(Duration.ofSeconds(30)))
                    .as(relay.transcript())
                    .isZero();
            Awaitility.await()
                    .atMost(MEMBER_LOSS)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonObject snapshot = MeshChecks.dashboardSnapshot(uiPort, MeshTopology.TOKEN);
                        return MeshChecks.members(supervisorOps) == 4
                                && MeshChecks.dashboardMembers(snapshot).size() == 4
                                && DashboardLink.DISCONNECTED.wire().equals(MeshChecks.supervisorLink(snapshot));
                    });
            System.out.println("relay JVM stopped: member loss seen after "
                    + Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis() + " ms");

            jvms.put(MeshImage.RELAY, start(topology.node(MeshImage.RELAY)));
            MeshChecks.awaitReady(topology.node(MeshImage.RELAY), START);
            Awaitility.await()
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonObject snapshot = MeshChecks.dashboardSnapshot(uiPort, MeshTopology.TOKEN);
                        return MeshChecks.members(supervisorOps) == 5
                                && MeshChecks.dashboardMembers(snapshot).size() == 5
                                && DashboardLink.CONNECTED.wire().equals(MeshChecks.supervisorLink(snapshot));
                    });
        } finally {
            for (ChildJvm jvm : jvms.values()) {
                jvm.close();
            }
        }
    }

    private static ChildJvm start(MeshTopology.Node node) throws Exception {
        return ChildJvm.start(node.service().module, node.env(), node.service().jar());
    }
}
