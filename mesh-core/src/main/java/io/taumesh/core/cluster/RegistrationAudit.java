package io.taumesh.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Reconciles the cluster's event-bus registrations with its live members. Vert.x drops a member's
 * registrations when it sees the member leave, and a merged member publishes its own again; an entry that
 * names a node no longer in the cluster (a departure nobody cleaned up, across a split and a merge) would
 * send messages to a dead address. Each audit counts such stale entries ({@code tau_cluster_stale_registrations},
 * 0 once healed) and removes those that were already stale at the audit before, so that a member caught
 * between leaving and rejoining is never cut off. Blocking: run it on a worker.
 */
public final class RegistrationAudit {

    private static final Logger LOG = Logger.getLogger(RegistrationAudit.class.getName());

    /** The multimap in which Vert.x keeps the cluster's registrations. */
    static final String SUBS = "__vertx.subs";

    private final HazelcastInstance hazelcast;
    private final Counter removed;
    private volatile int stale;
    private volatile Map<String, Set<String>> servedBy = Map.of();
    private Set<String> staleBefore = Set.of();
    private volatile Consumer<Removed> onRemoved = r -> {};

    /** A stale registration the audit removed: its address, the node it named, and the live members then. */
    public record Removed(String address, String nodeId, int liveMembers) {}

    public RegistrationAudit(HazelcastInstance hazelcast, MeterRegistry registry) {
        this.hazelcast = hazelcast;
        Gauge.builder("tau_cluster_stale_registrations", this, a -> a.stale)
                .description(
                        "Event-bus registrations of nodes that are not live members of the cluster, at the last audit")
                .register(registry);
        this.removed = Counter.builder("tau_cluster_stale_registrations_removed")
                .description("Stale event-bus registrations removed by the audit")
                .register(registry);
    }

    /** Tells {@code listener} of each registration an audit removes (on the audit's thread). */
    public void onRemoved(Consumer<Removed> listener) {
        this.onRemoved = listener;
    }

    /** Address to the node ids that served it, at the last audit. */
    public Map<String, Set<String>> servedBy() {
        return servedBy;
    }

    /** Stale entries at the last audit. */
    public int stale() {
        return stale;
    }

    /** One audit: counts stale entries, removes those stale twice in a row. Returns the count. */
    public synchronized int audit() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return stale;
        }
        Set<String> live = new HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> {
            String nodeId = m.getAttribute(ClusterMembers.VERTX_NODE_ID);
            if (nodeId != null) {
                live.add(nodeId);
            }
        });
        MultiMap<String, HazelcastRegistrationInfo> subs = hazelcast.getMultiMap(SUBS);
        int count = 0;
        Set<String> staleNow = new HashSet<>();
        Map<String, Set<String>> served = new HashMap<>();
        List<Map.Entry<String, HazelcastRegistrationInfo>> entries = List.copyOf(subs.entrySet());
        for (Map.Entry<String, HazelcastRegistrationInfo> e : entries) {
            String nodeId = e.getValue().unwrap().nodeId();
            served.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(nodeId);
            if (live.contains(nodeId)) {
                continue;
            }
            count++;
            String key = e.getKey() + "|" + nodeId + "|" + e.getValue().unwrap().seq();
            staleNow.add(key);
            if (staleBefore.contains(key) && subs.remove(e.getKey(), e.getValue())) {
                removed.increment();
                LOG.info(() ->
                        "removed a stale registration of " + e.getKey() + " on node " + nodeId + " (not a member)");
                onRemoved.accept(new Removed(e.getKey(), nodeId, live.size()));
            }
        }
        staleBefore = staleNow;
        servedBy = Map.copyOf(served);
        stale = count;
        return count;
    }

    @Override
    public String toString() {
        return "RegistrationAudit(" + Objects.toString(stale) + " stale)";
    }
}
