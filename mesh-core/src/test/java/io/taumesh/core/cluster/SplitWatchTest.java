package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.TestClusters;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Split watch")
class SplitWatchTest {

  @Test
  @DisplayName("alone after a member left: split while that member answers, not when it does not, and not once it is back")
  void splitOnlyWhileTheDepartedAnswers() throws Exception {
    MeshNode node = MeshNode.start(ClusterSettings.loopback(TestClusters.uniqueName("split"))).await(60, TimeUnit.SECONDS);
    try {
      HazelcastInstance instance = ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
      AtomicBoolean answers = new AtomicBoolean(true);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      SplitWatch watch = new SplitWatch(instance, registry, (InetSocketAddress a) -> answers.get(), Clock.systemUTC());
      MemberImpl peer = new MemberImpl.Builder(new Address("127.0.0.1", 5999)).uuid(UUID.randomUUID()).build();

      watch.probe();
      assertThat(watch.split()).as("alone from the start: nobody left").isEmpty();

      watch.memberRemoved(new MembershipEvent(instance.getCluster(), peer, MembershipEvent.MEMBER_REMOVED, Set.of()));
      watch.probe();
      assertThat(watch.split()).hasValueSatisfying(d -> assertThat(d.address()).isEqualTo("127.0.0.1:5999"));
      assertThat(registry.get("tau_cluster_split").gauge().value()).isEqualTo(1);

      answers.set(false);
      watch.probe();
      assertThat(watch.split()).as("the member that left does not answer: a departure").isEmpty();

      answers.set(true);
      watch.memberAdded(new MembershipEvent(instance.getCluster(), peer, MembershipEvent.MEMBER_ADDED, Set.of()));
      watch.probe();
      assertThat(watch.split()).as("it came back").isEmpty();
      assertThat(registry.get("tau_cluster_split").gauge().value()).isZero();
    } finally {
      node.close().await(30, TimeUnit.SECONDS);
    }
  }
}
