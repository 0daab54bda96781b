package io.taumesh.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lite member's Hazelcast member, started before Vert.x is built on it, so that the node can look at the cluster it
 * joined first: a lite member in a cluster that holds no data member yet (it started before any full member, or
 * apart from them) has nothing to keep the event bus's registrations in, and waits for one. (A full member holds
 * data itself: Vert.x starts it.)
 */
public final class ClusterMember {

    /** Where a Vert.x node keeps its node id among its Hazelcast member attributes. */
    public static final String VERTX_NODE_ID = "__vertx.nodeId";

    /** How often a waiting lite member looks for a data member. */
    static final long DATA_MEMBER_POLL_MS = 200;

    private ClusterMember() {}

    /**
     * Starts a member with {@code config} and a fresh Vert.x node id, on a thread of its own (a join blocks); the
     * future completes once the member is in a cluster, founded alone if nobody answered.
     */
    public static CompletableFuture<HazelcastInstance> start(Config config) {
        config.getMemberAttributeConfig()
                .setAttribute(VERTX_NODE_ID, UUID.randomUUID().toString());
        CompletableFuture<HazelcastInstance> started = new CompletableFuture<>();
        Thread joiner = new Thread(
                () -> {
                    try {
                        started.complete(Hazelcast.newHazelcastInstance(config));
                    } catch (RuntimeException | Error e) {
                        started.completeExceptionally(e);
                    }
                },
                "tau-cluster-join");
        joiner.setDaemon(true);
        joiner.start();
        return started;
    }

    /** A member of the cluster that holds data, if there is one. */
    public static Optional<Member> dataMember(HazelcastInstance hazelcast) {
        return hazelcast.getCluster().getMembers().stream()
                .filter(m -> !m.isLiteMember())
                .findFirst();
    }

    /**
     * Completes with a data member once the cluster has one (at once if it has); a merge with the cluster that
     * holds one is what usually brings it. Fails if the member shuts down first.
     */
    public static CompletableFuture<Member> awaitDataMember(HazelcastInstance hazelcast) {
        CompletableFuture<Member> found = new CompletableFuture<>();
        ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tau-data-member-wait");
            t.setDaemon(true);
            return t;
        });
        poll.scheduleWithFixedDelay(
                () -> {
                    if (!hazelcast.getLifecycleService().isRunning()) {
                        found.completeExceptionally(new IllegalStateException(
                                "the cluster member stopped while waiting for a data member"));
                        return;
                    }
                    dataMember(hazelcast).ifPresent(found::complete);
                },
                0,
                DATA_MEMBER_POLL_MS,
                TimeUnit.MILLISECONDS);
        found.whenComplete((member, error) -> poll.shutdownNow());
        return found;
    }

    /** Leaves the cluster; blocking, so off the event loops. */
    public static void shutdown(HazelcastInstance hazelcast) {
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getLifecycleService().shutdown();
        }
    }
}
