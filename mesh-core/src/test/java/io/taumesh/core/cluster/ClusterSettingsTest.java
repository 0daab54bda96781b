package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cluster settings and the Hazelcast config made from them")
class ClusterSettingsTest {

  @Test
  @DisplayName("spell out member port ranges")
  void expandRanges() {
    ClusterSettings s = new ClusterSettings("c", "127.0.0.1", 5701, List.of("127.0.0.1:5701-5703", " host-b ", "10.0.0.7:6000"), 0);
    assertThat(s.expandedMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703", "host-b", "10.0.0.7:6000");
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
  @DisplayName("join over TCP/IP on the given interface only: no multicast, no auto-detection, no phone-home, no join wait")
  void hazelcastConfig() {
    ClusterSettings s = new ClusterSettings("mesh-x", "127.0.0.1", 5801, List.of("127.0.0.1:5801-5802"), 0);
    Config config = HazelcastConfigFactory.create(s);
    assertThat(config.getClusterName()).isEqualTo("mesh-x");
    var join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    // Vert.x's own structures survive the rewrite.
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }
}
