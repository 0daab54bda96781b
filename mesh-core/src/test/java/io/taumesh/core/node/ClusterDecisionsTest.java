package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.ClusterDecision;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.MeshProtocol;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("A node publishes the decisions it takes about its cluster on tau.cluster.decisions")
@ExtendWith(NoBlockedThreads.class)
class ClusterDecisionsTest {

    private final List<MeshNode> nodes = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close().await(30, TimeUnit.SECONDS);
        }
    }

    private MeshNode start(ClusterSettings settings, MeshProtocol protocol) throws Exception {
        MeshNode node = MeshNode.start(settings, 1, protocol).await(60, TimeUnit.SECONDS);
        nodes.add(node);
        return node;
    }

    private static List<ClusterDecision> decisionsOf(MeshNode node) throws Exception {
        List<ClusterDecision> seen = new CopyOnWriteArrayList<>();
        node.vertx()
                .eventBus()
                .<JsonObject>consumer(
                        Addresses.CLUSTER_DECISIONS, m -> seen.add(MeshJson.fromJson(m.body(), ClusterDecision.class)))
                .completion()
                .await(10, TimeUnit.SECONDS);
        return seen;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("a registration of a node that is no member is removed at its second audit, and said so once")
    void staleRegistrationRemoved() throws Exception {
        MeshNode node = start(ClusterSettings.loopback(TestClusters.uniqueName("decisions")), MeshProtocol.CURRENT);
        List<ClusterDecision> seen = decisionsOf(node);
        HazelcastInstance hazelcast =
                ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
        hazelcast
                .<String, HazelcastRegistrationInfo>getMultiMap("__vertx.subs")
                .put("test.stale.address", new HazelcastRegistrationInfo(new RegistrationInfo("gone-node", 7, false)));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
        ClusterDecision d = seen.get(0);
        assertThat(d.kind()).isEqualTo(ClusterDecision.REGISTRATION_REMOVED);
        assertThat(d.subject()).isEqualTo("test.stale.address");
        assertThat(d.detail()).contains("its node gone-node was no member at two audits in a row (1 live members)");
        assertThat(d.decidedBy()).isEqualTo(node.nodeId());
        assertThat(hazelcast.getMultiMap("__vertx.subs").containsKey("test.stale.address"))
                .isFalse();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> node.registrationAudit().audit() == 0);
        assertThat(seen).hasSize(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("a member of another protocol is refused, said by the cluster's oldest member")
    void memberRefused() throws Exception {
        ClusterSettings cluster = ClusterSettings.loopback(TestClusters.uniqueName("decisions-refused"));
        MeshNode oldest = start(cluster, MeshProtocol.CURRENT);
        List<ClusterDecision> seen = decisionsOf(oldest);
        MeshNode newer = start(
                cluster.withMembers(List.of(oldest.members().localAddress())),
                new MeshProtocol(MeshProtocol.CURRENT.version() + 1));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
        ClusterDecision d = seen.get(0);
        assertThat(d.kind()).isEqualTo(ClusterDecision.MEMBER_REFUSED);
        assertThat(d.subject()).isEqualTo(newer.members().localAddress());
        assertThat(d.detail())
                .contains("speaks mesh protocol " + (MeshProtocol.CURRENT.version() + 1))
                .contains("the cluster's oldest member decides");
        assertThat(d.decidedBy()).isEqualTo(oldest.nodeId());
        assertThat(oldest.registry()
                        .get("tau_cluster_members_refused")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
