package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Split watch")
class SplitWatchTest {

    @Test
    @DisplayName(
            "alone after a member left: split while that member answers, not when it does not, and not once it is back")
    void splitOnlyWhileTheDepartedAnswers() throws Exception {
        MeshNode node = MeshNode.start(ClusterSettings.loopback(TestClusters.uniqueName("split")))
                .await(60, TimeUnit.SECONDS);
        try {
            HazelcastInstance instance =
                    ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
            AtomicBoolean answers = new AtomicBoolean(true);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SplitWatch watch = new SplitWatch(
                    instance,
                    registry,
                    Seeds.of(ClusterSettings.loopback("none")),
                    targets -> answers.get() ? Set.copyOf(targets) : Set.of(),
                    Clock.systemUTC());
            MemberImpl peer = new MemberImpl.Builder(new Address("127.0.0.1", 5999))
                    .uuid(UUID.randomUUID())
                    .build();

            watch.probe();
            assertThat(watch.split()).as("alone from the start: nobody left").isEmpty();

            watch.memberRemoved(
                    new MembershipEvent(instance.getCluster(), peer, MembershipEvent.MEMBER_REMOVED, Set.of()));
            watch.probe();
            assertThat(watch.split())
                    .hasValueSatisfying(d -> assertThat(d.address()).isEqualTo("127.0.0.1:5999"));
            assertThat(registry.get("tau_cluster_split").gauge().value()).isEqualTo(1);

            answers.set(false);
            watch.probe();
            assertThat(watch.split())
                    .as("the member that left does not answer: a departure")
                    .isEmpty();

            answers.set(true);
            watch.memberAdded(new MembershipEvent(instance.getCluster(), peer, MembershipEvent.MEMBER_ADDED, Set.of()));
            watch.probe();
            assertThat(watch.split()).as("it came back").isEmpty();
            assertThat(registry.get("tau_cluster_split").gauge().value()).isZero();
        } finally {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName(
            "apart: an exact seed that answers from outside the cluster counts after the grace, a port range never, "
                    + "and it clears once the seed is a member or stops answering")
    void apartWhileAnExactSeedAnswersFromOutside() throws Exception {
        MeshNode node = MeshNode.start(ClusterSettings.loopback(TestClusters.uniqueName("apart")))
                .await(60, TimeUnit.SECONDS);
        try {
            HazelcastInstance instance =
                    ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
            AtomicBoolean answers = new AtomicBoolean(true);
            AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
            Clock clock = new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            };
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ClusterSettings seeds =
                    new ClusterSettings("c", "127.0.0.1", 0, List.of("127.0.0.1:5999", "127.0.0.1:6001-6003"), 0);
            List<Set<InetSocketAddress>> asked = new ArrayList<>();
            SplitWatch watch = new SplitWatch(
                    instance,
                    registry,
                    Seeds.of(seeds),
                    targets -> {
                        asked.add(Set.copyOf(targets));
                        return answers.get() ? Set.copyOf(targets) : Set.of();
                    },
                    clock);

            watch.probe();
            assertThat(asked)
                    .last()
                    .as("only the exact seed is probed: a range may hold other meshes' nodes")
                    .isEqualTo(Set.of(new InetSocketAddress("127.0.0.1", 5999)));
            assertThat(watch.apart())
                    .as("within the grace: a new member takes a moment to join")
                    .isEmpty();

            now.set(now.get().plus(SplitWatch.APART_GRACE));
            watch.probe();
            assertThat(watch.apart()).containsExactly("127.0.0.1:5999");
            assertThat(registry.get("tau_cluster_seeds_outside").gauge().value())
                    .isEqualTo(1);

            answers.set(false);
            watch.probe();
            assertThat(watch.apart())
                    .as("it stopped answering: nothing to merge with")
                    .isEmpty();
            answers.set(true);
            watch.probe();
            assertThat(watch.apart())
                    .as("answering again starts the grace again")
                    .isEmpty();
            assertThat(registry.get("tau_cluster_seeds_outside").gauge().value())
                    .isZero();
        } finally {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }
}
