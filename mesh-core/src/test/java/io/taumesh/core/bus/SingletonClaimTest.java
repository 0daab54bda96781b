package io.taumesh.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.node.MeshRuntime;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Singleton services in a cluster")
@ExtendWith(NoBlockedThreads.class)
class SingletonClaimTest {

    private final List<MeshRuntime> nodes = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close().await(60, TimeUnit.SECONDS);
        }
    }

    private MeshRuntime node(String cluster, String seed) throws Exception {
        NodeSettings loopback = NodeSettings.loopback(cluster);
        NodeSettings settings = seed == null
                ? loopback
                : new NodeSettings(
                        loopback.cluster().withMembers(List.of(seed)),
                        loopback.opsHost(),
                        loopback.opsPort(),
                        loopback.eventLoops());
        MeshRuntime runtime = MeshRuntime.start(settings, List.of()).await(60, TimeUnit.SECONDS);
        nodes.add(runtime);
        return runtime;
    }

    private static Future<SingletonClaim> claim(MeshRuntime node, MeshService service) {
        return SingletonClaim.claim(node.node().vertx(), service, node.node().identity());
    }

    @Test
    @Timeout(120)
    @DisplayName("a second gateway on another member is refused naming the holder; after release it may start")
    void secondInstanceRefused() throws Exception {
        String cluster = TestClusters.uniqueName("singleton");
        MeshRuntime first = node(cluster, null);
        MeshRuntime second = node(cluster, first.node().members().localAddress());

        SingletonClaim held = claim(first, MeshService.GATEWAY).await(60, TimeUnit.SECONDS);
        assertThatThrownBy(() -> claim(second, MeshService.GATEWAY).await(60, TimeUnit.SECONDS))
                .isInstanceOf(SingletonClaim.HeldException.class)
                .hasMessageContaining("cluster '" + cluster + "' already has a gateway")
                .hasMessageContaining("member " + first.node().members().localAddress())
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .hasMessageContaining("--cluster-name");
        // Another service is another singleton.
        claim(second, MeshService.DASHBOARD).await(60, TimeUnit.SECONDS);

        held.release().await(60, TimeUnit.SECONDS);
        assertThat(claim(second, MeshService.GATEWAY).await(60, TimeUnit.SECONDS))
                .isNotNull();
    }

    @Test
    @Timeout(120)
    @DisplayName("a claim whose holder left the cluster without releasing it is taken over")
    void deadHolderTakenOver() throws Exception {
        String cluster = TestClusters.uniqueName("singleton-takeover");
        MeshRuntime survivor = node(cluster, null);
        MeshRuntime doomed = node(cluster, survivor.node().members().localAddress());
        claim(doomed, MeshService.SUPERVISOR).await(60, TimeUnit.SECONDS);
        // It leaves without releasing, as a killed member would.
        nodes.remove(doomed);
        doomed.close().await(60, TimeUnit.SECONDS);
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> survivor.node().members().size() == 1);

        assertThat(claim(survivor, MeshService.SUPERVISOR).await(60, TimeUnit.SECONDS))
                .isNotNull();
    }
}
