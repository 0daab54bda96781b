package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Joining by Hazelcast's Kubernetes discovery, DNS-lookup mode")
@ExtendWith(NoBlockedThreads.class)
class KubernetesDnsJoinTest {

    /** A name every host resolves to loopback, standing in for a headless Service's DNS name. */
    static final String SERVICE_DNS = "localhost";

    private MeshNode first;
    private MeshNode second;

    @AfterEach
    void closeNodes() throws Exception {
        for (MeshNode node : new MeshNode[] {second, first}) {
            if (node != null) {
                node.close().await(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("two nodes with no seed members find each other through the service name, and talk over the event bus")
    void twoNodesMeetThroughTheServiceName() throws Exception {
        assertThat(InetAddress.getAllByName(SERVICE_DNS))
                .anySatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
        String cluster = TestClusters.uniqueName("k8s-dns");
        int memberPort = freePort();
        ClusterJoin join = ClusterJoin.kubernetes(SERVICE_DNS, memberPort);
        first = MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", memberPort, List.of(), 0).withJoin(join))
                .await(60, TimeUnit.SECONDS);
        second = MeshNode.start(new ClusterSettings(cluster, "127.0.0.1", 0, List.of(), 0).withJoin(join))
                .await(60, TimeUnit.SECONDS);

        assertThat(first.members().localAddress()).isEqualTo("127.0.0.1:" + memberPort);
        assertThat(second.members().size())
                .as("members the second node found through " + SERVICE_DNS)
                .isEqualTo(2);
        assertThat(first.members().size()).isEqualTo(2);

        first.vertx()
                .eventBus()
                .<String>consumer("test.k8s.echo", m -> m.reply("from " + first.nodeId()))
                .completion()
                .await(10, TimeUnit.SECONDS);
        String reply = second.vertx()
                .eventBus()
                .<String>request("test.k8s.echo", "hi")
                .await(10, TimeUnit.SECONDS)
                .body();
        assertThat(reply).isEqualTo("from " + first.nodeId());
    }

    @Test
    @DisplayName(
            "the Hazelcast config enables exactly one join, the mesh's seed discovery, looking up the Service name "
                    + "with its port or the seed members")
    void configEnablesOneJoin() {
        ClusterSettings settings = new ClusterSettings("c", "127.0.0.1", 5701, List.of(), 0)
                .withJoin(ClusterJoin.kubernetes("tau-mesh-members.tau.svc.cluster.local", 0));
        Config kubernetes = HazelcastConfigFactory.create(settings);
        JoinConfig join = kubernetes.getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getDiscoveryConfig().getDiscoveryStrategyConfigs())
                .singleElement()
                .satisfies(d -> assertThat(d.getDiscoveryStrategyFactory()).isInstanceOf(SeedDiscovery.Factory.class));
        assertThat(kubernetes.getProperty("hazelcast.wait.seconds.before.join"))
                .as("discovery gets time to answer")
                .isEqualTo(String.valueOf(ClusterJoin.DISCOVERY_WAIT_SECONDS));
        assertThat(Seeds.of(settings).lookUp().unresolved())
                .as("a name with no pod behind it yet is no error")
                .containsExactly("tau-mesh-members.tau.svc.cluster.local");
        Seeds.Lookup local = Seeds.of(settings.withJoin(ClusterJoin.kubernetes(SERVICE_DNS, 0)))
                .lookUp();
        assertThat(local.candidates()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.address().getPort())
                    .as("the node's member port, when the join names none")
                    .isEqualTo(5701);
            assertThat(c.host())
                    .as("a pod is named by its address")
                    .isEqualTo(c.address().getAddress().getHostAddress());
            assertThat(c.exact()).as("every address of the name is a member").isTrue();
        });

        assertThatThrownBy(() -> ClusterJoin.kubernetes(" ", 0)).hasMessageContaining("DNS name");
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
