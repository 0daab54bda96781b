package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cluster settings and the Hazelcast config made from them")
class ClusterSettingsTest {

    @Test
    @DisplayName(
            "seeds: a range spelled out, a bare host takes the ten ports from the node's port, a name that does not "
                    + "resolve is listed apart instead of failing the lookup")
    void seedsLookedUp() {
        ClusterSettings s = new ClusterSettings(
                "c",
                "127.0.0.1",
                5801,
                List.of("127.0.0.1:5701-5703", " localhost ", "10.0.0.7:6000", "no-such-host.invalid"),
                0);
        Seeds.Lookup lookup = Seeds.of(s).lookUp();
        assertThat(lookup.candidates().stream()
                        .filter(c -> c.host().equals("127.0.0.1"))
                        .map(Seeds.Candidate::label))
                .containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
        assertThat(lookup.candidates().stream()
                        .filter(c -> c.host().equals("localhost")
                                && c.address().getAddress().isLoopbackAddress())
                        .map(c -> c.address().getPort())
                        .distinct())
                .containsExactly(5801, 5802, 5803, 5804, 5805, 5806, 5807, 5808, 5809, 5810);
        assertThat(lookup.candidates())
                .filteredOn(c -> c.label().equals("10.0.0.7:6000"))
                .singleElement()
                .satisfies(c -> assertThat(c.exact())
                        .as("one port of one host: a member expected in this cluster")
                        .isTrue());
        assertThat(lookup.candidates())
                .filteredOn(c -> c.host().equals("127.0.0.1"))
                .allSatisfy(c -> assertThat(c.exact()).isFalse());
        assertThat(lookup.unresolved()).containsExactly("no-such-host.invalid");
    }

    @Test
    @DisplayName("reject malformed members, ports and names with a message that says what is wrong")
    void rejectBadInput() {
        assertThatThrownBy(() -> new ClusterSettings("c", "127.0.0.1", 0, List.of("127.0.0.1:abc"), 0))
                .hasMessageContaining("'127.0.0.1:abc'");
        assertThatThrownBy(() -> new ClusterSettings("c", "127.0.0.1", 0, List.of("h:5710-5701"), 0))
                .hasMessageContaining("bad port or range");
        assertThatThrownBy(() -> new ClusterSettings("c", "127.0.0.1", 70000, List.of(), 0))
                .hasMessageContaining("cluster port");
        assertThatThrownBy(() -> new ClusterSettings(" ", "127.0.0.1", 0, List.of(), 0))
                .hasMessageContaining("cluster name");
    }

    @Test
    @DisplayName(
            "join through the seeds on the given address only: no multicast, no auto-detection, no phone-home, a one-second join wait")
    void hazelcastConfig() {
        ClusterSettings s = new ClusterSettings("mesh-x", "127.0.0.1", 5801, List.of("127.0.0.1:5801-5802"), 0);
        Config config = HazelcastConfigFactory.create(s);
        assertThat(config.getClusterName()).isEqualTo("mesh-x");
        var join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled())
                .as("members are found by the mesh's seed discovery")
                .isFalse();
        assertThat(config.getProperty(ClusterJoin.DISCOVERY_ENABLED)).isEqualTo("true");
        assertThat(join.getDiscoveryConfig().getDiscoveryStrategyConfigs())
                .singleElement()
                .satisfies(d -> assertThat(d.getDiscoveryStrategyFactory()).isInstanceOf(SeedDiscovery.Factory.class));
        assertThat(config.getProperty(HazelcastConfigFactory.LOCAL_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled())
                .as("an interface filter would drop every seed given by a name that resolves elsewhere")
                .isFalse();
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.wait.seconds.before.join"))
                .isEqualTo(String.valueOf(ClusterJoin.SEED_WAIT_SECONDS));
        // Vert.x's own structures survive the rewrite.
        assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    }

    @Test
    @DisplayName(
            "the structures Vert.x's cluster manager relies on are declared as its bundled default-cluster.xml declares "
                    + "them, without parsing that file")
    void vertxStructuresAsBundled() {
        Config bundled = ConfigUtil.loadConfig();
        Config built = HazelcastConfigFactory.vertxStructures();
        assertThat(bundled.getMultiMapConfigs()).as("the bundled multimaps").isNotEmpty();
        assertThat(built.getMultiMapConfigs()).isEqualTo(bundled.getMultiMapConfigs());
        assertThat(built.getMapConfigs()).isEqualTo(bundled.getMapConfigs());
        assertThat(built.getReplicatedMapConfigs()).isEqualTo(bundled.getReplicatedMapConfigs());
        assertThat(built.getListConfigs()).isEqualTo(bundled.getListConfigs());
        assertThat(built.getSetConfigs()).isEqualTo(bundled.getSetConfigs());
        assertThat(built.getQueueConfigs()).isEqualTo(bundled.getQueueConfigs());
    }
}
