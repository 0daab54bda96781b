package io.taumesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.MeshProtocol;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("The Java client's connect")
@ExtendWith(NoBlockedThreads.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MeshClientConnectTest {

    @Test
    @DisplayName("to a mesh of another protocol version fails at connect, naming both versions")
    void otherProtocol() throws Exception {
        MeshProtocol other = new MeshProtocol(MeshProtocol.CURRENT.version() + 1);
        MeshNode newer = MeshNode.start(ClusterSettings.loopback(TestClusters.uniqueName("client-protocol")), 1, other)
                .await(60, TimeUnit.SECONDS);
        try {
            ClusterSettings cluster = ClusterSettings.loopback(newer.clusterName())
                    .withMembers(List.of(newer.members().localAddress()));
            assertThatThrownBy(() -> MeshClient.connect(cluster).await(60, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(MeshClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MeshClientException.Kind.PROTOCOL_MISMATCH);
                        assertThat(e.getMessage())
                                .contains("cannot use cluster '" + newer.clusterName() + "'")
                                .contains("speaks mesh protocol " + other.version())
                                .contains("this node speaks mesh protocol " + MeshProtocol.CURRENT.version());
                    });
            // The refused client left: the mesh is alone again.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> newer.members().size() == 1);
        } finally {
            newer.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("where no mesh runs fails with NO_MESH, saying that nobody answers")
    void noMesh() throws Exception {
        int nobody;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = probe.getLocalPort();
        }
        ClusterSettings cluster = ClusterSettings.loopback(TestClusters.uniqueName("client-alone"))
                .withMembers(List.of("127.0.0.1:" + nobody));
        assertThatThrownBy(() -> MeshClient.connect(cluster).await(60, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(MeshClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MeshClientException.Kind.NO_MESH);
                    assertThat(e.getMessage()).contains("no member of it answers");
                });
    }
}
