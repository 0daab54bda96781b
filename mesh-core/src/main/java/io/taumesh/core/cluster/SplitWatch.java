package io.taumesh.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Notices that this node is cut off from members that are still there, in two ways.
 * <ul>
 *   <li>Split: a member that left the cluster (it stopped answering heartbeats: a pause, a cut link) but whose
 *   member port answers again is a split, not a departure. While this node is alone and such a member answers,
 *   {@link #split()} says from whom. A member that left and does not answer (killed, stopped) is a departure, and a
 *   node alone after departures is not split.</li>
 *   <li>Apart: a seed that names exactly one member (one port of one host, or an address of the Service name) and
 *   has answered for {@link #APART_GRACE} without being a member of this node's cluster: the mesh is in pieces
 *   (islands that never met). {@link #apart()} lists them. A port range may hold other meshes' nodes, so its ports
 *   are not counted.</li>
 * </ul>
 * Either way the node's {@code /readiness} is not UP until the merge brings them together.
 *
 * <p>Departures are remembered for {@link #REMEMBER}; probing ({@link PortProbe}, bounded by {@link #PROBE_TIMEOUT})
 * is blocking, and runs on a worker at the node's interval.
 */
public final class SplitWatch implements MembershipListener {

    private static final Logger LOG = Logger.getLogger(SplitWatch.class.getName());

    static final Duration REMEMBER = Duration.ofMinutes(30);
    static final Duration PROBE_TIMEOUT = PortProbe.TIMEOUT;
    static final int MAX_REMEMBERED = 64;
    /**
     * How long a seed must answer from outside this node's cluster before the node counts as apart: longer than a
     * new member takes from opening its port to joining, shorter than the time within which nodes that can reach
     * each other merge (15 s).
     */
    static final Duration APART_GRACE = Duration.ofSeconds(12);

    /** A member that left: where it was, and when it left. */
    public record Departure(String address, Instant at) {}

    private final HazelcastInstance hazelcast;
    private final Seeds seeds;
    private final Function<Collection<InetSocketAddress>, Set<InetSocketAddress>> answering;
    private final Clock clock;
    private final Map<String, Departure> departed = new LinkedHashMap<>();
    private final Map<String, Instant> outsideSince = new HashMap<>();
    private volatile Departure answeringPeer;
    private volatile List<String> apart = List.of();

    public SplitWatch(HazelcastInstance hazelcast, MeterRegistry registry, Seeds seeds) {
        this(hazelcast, registry, seeds, targets -> PortProbe.answering(targets, PROBE_TIMEOUT), Clock.systemUTC());
    }

    SplitWatch(
            HazelcastInstance hazelcast,
            MeterRegistry registry,
            Seeds seeds,
            Function<Collection<InetSocketAddress>, Set<InetSocketAddress>> answering,
            Clock clock) {
        this.hazelcast = hazelcast;
        this.seeds = seeds;
        this.answering = answering;
        this.clock = clock;
        Gauge.builder("tau_cluster_split", this, w -> w.answeringPeer == null ? 0 : 1)
                .description(
                        "1 while this node is alone and a member that left its cluster answers on its address (a split), else 0")
                .register(registry);
        Gauge.builder("tau_cluster_seeds_outside", this, w -> w.apart.size())
                .description(
                        "Seed members (one port of one host) that answer but have stayed outside this node's cluster for "
                                + APART_GRACE.toSeconds() + " s: the mesh is in pieces")
                .register(registry);
    }

    @Override
    public synchronized void memberAdded(MembershipEvent event) {
        departed.remove(address(event.getMember()));
    }

    @Override
    public synchronized void memberRemoved(MembershipEvent event) {
        String address = address(event.getMember());
        departed.remove(address);
        departed.put(address, new Departure(address, clock.instant()));
        while (departed.size() > MAX_REMEMBERED) {
            departed.remove(departed.keySet().iterator().next());
        }
    }

    /**
     * Blocking: probes the remembered departures when this node is alone, and updates {@link #split()}. Call it
     * from a worker, periodically.
     */
    public void probe() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        Set<Member> members = hazelcast.getCluster().getMembers();
        probeDepartures(members.size() <= 1);
        probeSeeds(members);
    }

    private void probeDepartures(boolean alone) {
        Departure found = null;
        if (alone) {
            Instant horizon = clock.instant().minus(REMEMBER);
            List<Departure> recent =
                    snapshot().stream().filter(d -> d.at().isAfter(horizon)).toList();
            Set<InetSocketAddress> up = answering.apply(
                    recent.stream().map(d -> socketAddress(d.address())).toList());
            found = recent.stream()
                    .filter(d -> up.contains(socketAddress(d.address())))
                    .findFirst()
                    .orElse(null);
        }
        Departure before = answeringPeer;
        answeringPeer = found;
        if (found != null && before == null) {
            Departure peer = found;
            LOG.warning(() -> "split from the cluster: alone, while member " + peer.address() + " (left at " + peer.at()
                    + ") answers on its address; not ready until it merges back");
        } else if (found == null && before != null) {
            LOG.info(() ->
                    "no longer split: " + hazelcast.getCluster().getMembers().size() + " member(s)");
        }
    }

    /** Exact seeds that answer while not being members: apart once they have for {@link #APART_GRACE}. */
    private void probeSeeds(Set<Member> members) {
        if (seeds.isEmpty()) {
            return;
        }
        Set<InetSocketAddress> inCluster = new HashSet<>();
        for (Member member : members) {
            try {
                inCluster.add(member.getAddress().getInetSocketAddress());
            } catch (UnknownHostException e) {
                // A member whose name no longer resolves cannot be matched with a seed; nothing to add.
            }
        }
        Map<InetSocketAddress, String> outside = new HashMap<>();
        for (Seeds.Candidate c : seeds.lookUp().candidates()) {
            if (c.exact() && !inCluster.contains(c.address())) {
                outside.put(c.address(), c.label());
            }
        }
        Set<InetSocketAddress> up = outside.isEmpty() ? Set.of() : answering.apply(outside.keySet());
        Instant now = clock.instant();
        List<String> nowApart = new ArrayList<>();
        synchronized (this) {
            outsideSince.keySet().retainAll(up.stream().map(outside::get).toList());
            for (InetSocketAddress address : up) {
                Instant since = outsideSince.computeIfAbsent(outside.get(address), k -> now);
                if (!since.isAfter(now.minus(APART_GRACE))) {
                    nowApart.add(outside.get(address));
                }
            }
        }
        nowApart.sort(null);
        List<String> before = apart;
        apart = List.copyOf(nowApart);
        if (!nowApart.isEmpty() && !nowApart.equals(before)) {
            LOG.warning(
                    () -> "the mesh is in pieces: " + String.join(", ", nowApart) + " answer"
                            + (nowApart.size() == 1 ? "s" : "")
                            + " but stayed outside this node's cluster of " + members.size() + " for "
                            + APART_GRACE.toSeconds()
                            + " s (another cluster there, or this node does not hold that mesh's credentials); not ready until they merge");
        } else if (nowApart.isEmpty() && !before.isEmpty()) {
            LOG.info(() ->
                    "every answering seed member is in this node's cluster again: " + members.size() + " member(s)");
        }
    }

    /** Seed members that answer but have stayed outside this node's cluster past the grace; empty when whole. */
    public List<String> apart() {
        return apart;
    }

    /** The member this node is split from, while it is alone and that member answers; empty otherwise. */
    public Optional<Departure> split() {
        return Optional.ofNullable(answeringPeer);
    }

    private synchronized List<Departure> snapshot() {
        return List.copyOf(departed.values());
    }

    static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static InetSocketAddress socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
