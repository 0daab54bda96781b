package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.HazelcastConfigFactory;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.testing.TestClusters;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Nothing of a node listens beyond loopback unless an operator says so. */
@DisplayName("Loopback by default")
class LoopbackDefaultsTest {

    @Test
    @DisplayName("the node flags default to 127.0.0.1 for the cluster, the event bus and the ops endpoint")
    void flagDefaults() {
        NodeFlags flags = new NodeFlags();
        new CommandLine(flags).parseArgs();
        NodeSettings settings = flags.toSettings();
        assertThat(settings.cluster().host()).isEqualTo("127.0.0.1");
        assertThat(settings.opsHost()).isEqualTo("127.0.0.1");
        assertThat(settings.cluster().members()).allMatch(m -> m.startsWith("127.0.0.1:"));
    }

    @Test
    @DisplayName("Hazelcast binds the one configured address, with no multicast and no auto-detection")
    void hazelcastConfig() {
        Config config = HazelcastConfigFactory.create(ClusterSettings.loopback("c"));
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled())
                .isFalse();
        assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled())
                .isFalse();
    }

    @Test
    @DisplayName("a running node's member port is not reachable on the host's other addresses")
    void memberPortOnLoopbackOnly() throws Exception {
        MeshNode node = MeshNode.start(ClusterSettings.loopback(TestClusters.uniqueName("loopback")))
                .await(60, TimeUnit.SECONDS);
        try {
            String local = node.members().localAddress();
            assertThat(local).startsWith("127.0.0.1:");
            int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
            List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .toList();
            if (others.isEmpty()) {
                System.err.println(
                        "NOTICE: this host has no address besides loopback; only the bound address was checked");
            }
            for (InetAddress address : others) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(address, port), 2_000);
                    throw new AssertionError("the member port " + port + " answered on " + address);
                } catch (IOException refused) {
                    // Expected: nothing listens there.
                }
            }
        } finally {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }
}
