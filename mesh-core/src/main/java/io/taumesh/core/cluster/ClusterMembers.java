package io.taumesh.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The live member list of this node's cluster, with joins and departures logged and counted.
 * Hazelcast calls the listener on its own threads; nothing here touches Vert.x.
 */
public final class ClusterMembers implements MembershipListener {

    private static final Logger LOG = Logger.getLogger(ClusterMembers.class.getName());

    static final String VERTX_NODE_ID = ClusterMember.VERTX_NODE_ID;

    /** One member as seen from this node: its address, Hazelcast uuid, Vert.x node id and mesh protocol (0: none). */
    public record MemberView(String address, String uuid, String nodeId, boolean local, int protocol) {}

    private final HazelcastInstance hazelcast;
    private final Counter joined;
    private final Counter left;
    private final Counter refused;
    private final List<MembershipListener> followers = new CopyOnWriteArrayList<>();
    private UUID registration;
    private volatile BiConsumer<String, String> onRefused = (member, why) -> {};

    public ClusterMembers(HazelcastInstance hazelcast, MeterRegistry registry) {
        this.hazelcast = hazelcast;
        this.joined = Counter.builder("tau_cluster_membership_changes")
                .description("Members that joined or left this node's cluster")
                .tag("change", "joined")
                .register(registry);
        this.left = Counter.builder("tau_cluster_membership_changes")
                .description("Members that joined or left this node's cluster")
                .tag("change", "left")
                .register(registry);
        this.refused = Counter.builder("tau_cluster_members_refused")
                .description("Members that joined this node's cluster speaking another mesh protocol, as it saw them")
                .register(registry);
        Gauge.builder("tau_cluster_members", this, ClusterMembers::sizeOrZero)
                .description("Members of this node's cluster, this node included")
                .register(registry);
    }

    /** Passes every membership change on to {@code follower}, after this view has counted and logged it. */
    public void follow(MembershipListener follower) {
        followers.add(follower);
    }

    /** Tells {@code vertxNodeId} the Vert.x node id of every member that leaves (null when it had none). */
    public void onLeft(Consumer<String> vertxNodeId) {
        follow(new MembershipAdapter() {
            @Override
            public void memberRemoved(MembershipEvent event) {
                vertxNodeId.accept(event.getMember().getAttribute(VERTX_NODE_ID));
            }
        });
    }

    /**
     * Tells {@code listener} of each member that joins speaking another mesh protocol, with why, when this node is
     * the cluster's oldest member: the one whose protocol is the cluster's, so each refusal is told once.
     */
    public void onRefused(BiConsumer<String, String> listener) {
        this.onRefused = listener;
    }

    /** The node's one membership listener: the others follow it. */
    public void start() {
        registration = hazelcast.getCluster().addMembershipListener(this);
    }

    public void stop() {
        if (registration != null && hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getCluster().removeMembershipListener(registration);
        }
    }

    public List<MemberView> list() {
        return hazelcast.getCluster().getMembers().stream()
                .map(m -> new MemberView(
                        address(m),
                        m.getUuid().toString(),
                        m.getAttribute(VERTX_NODE_ID),
                        m.localMember(),
                        MeshProtocol.of(m).map(MeshProtocol::version).orElse(0)))
                .toList();
    }

    public int size() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** This node's Hazelcast address as {@code host:port}. */
    public String localAddress() {
        return address(hazelcast.getCluster().getLocalMember());
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        joined.increment();
        LOG.info(() -> "member joined: " + address(event.getMember()) + " ("
                + event.getMembers().size() + " members)");
        Optional<MeshProtocol> theirs = MeshProtocol.of(event.getMember());
        Optional<MeshProtocol> ours = MeshProtocol.of(hazelcast.getCluster().getLocalMember());
        if (ours.isPresent() && !ours.get().compatibleWith(theirs.orElse(null))) {
            String why =
                    "speaks " + theirs.map(p -> "mesh protocol " + p.version()).orElse("no mesh protocol")
                            + ", this node " + ours.get().version() + ": it is refused and hosts no service";
            refused.increment();
            LOG.warning(() -> "member " + address(event.getMember()) + " " + why);
            if (hazelcast.getCluster().getMembers().iterator().next().localMember()) {
                onRefused.accept(address(event.getMember()), why + " (the cluster's oldest member decides)");
            }
        }
        followers.forEach(f -> f.memberAdded(event));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        left.increment();
        LOG.warning(() -> "member left: " + address(event.getMember()) + " ("
                + event.getMembers().size() + " members)");
        followers.forEach(f -> f.memberRemoved(event));
    }

    private double sizeOrZero() {
        return hazelcast.getLifecycleService().isRunning() ? size() : 0;
    }

    private static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }
}
