package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Two mesh nodes in one JVM")
@ExtendWith(NoBlockedThreads.class)
class TwoNodeClusterTest {

    private MeshNode first;
    private MeshNode second;

    @AfterEach
    void closeNodes() throws Exception {
        for (MeshNode node : new MeshNode[] {second, first}) {
            if (node != null) {
                MeshProcess.await(node.close(), 30);
            }
        }
    }

    private static double leftCount(MeshNode node) {
        return node.registry()
                .get("tau_cluster_membership_changes")
                .tag("change", "left")
                .counter()
                .count();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("join one cluster, answer a request across nodes with the correlation kept, and see a member leave")
    void requestReplyAndMemberLoss() throws Exception {
        String cluster = TestClusters.uniqueName("two-nodes");
        first = MeshProcess.await(MeshNode.start(ClusterSettings.loopback(cluster)), 60);
        second = MeshProcess.await(
                MeshNode.start(ClusterSettings.loopback(cluster)
                        .withMembers(List.of(first.members().localAddress()))),
                60);
        assertThat(first.members().size()).isEqualTo(2);
        assertThat(second.members().size()).isEqualTo(2);

        String firstNodeId = first.nodeId();
        MeshProcess.await(
                first.vertx()
                        .eventBus()
                        .<JsonObject>consumer(
                                "test.echo",
                                msg -> MeshBus.reply(
                                        msg,
                                        new JsonObject()
                                                .put("answered_by", firstNodeId)
                                                .put("echo", msg.body())))
                        .completion(),
                10);

        Correlation sent = new Correlation("req-in-jvm-1", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Message<JsonObject> reply = MeshProcess.await(
                MeshBus.request(second.vertx(), "test.echo", new JsonObject().put("n", 7), sent, 5_000), 10);

        assertThat(reply.body().getString("answered_by")).isEqualTo(firstNodeId).isNotEqualTo(second.nodeId());
        assertThat(reply.body().getJsonObject("echo").getInteger("n")).isEqualTo(7);
        assertThat(reply.headers().get(Correlation.REQUEST_ID)).isEqualTo("req-in-jvm-1");
        assertThat(Correlation.from(reply.headers()).traceId()).isEqualTo(sent.traceId());

        MeshProcess.await(second.close(), 30);
        second = null;
        // The member list changes first; the membership event (log line, counter) follows on Hazelcast's event thread.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> first.members().size() == 1 && leftCount(first) >= 1);
        assertThat(first.members().size())
                .as("members seen by the remaining node")
                .isEqualTo(1);
        assertThat(leftCount(first))
                .as("departures counted by the remaining node")
                .isEqualTo(1.0);
    }
}
