package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The members of the cluster as one node sees them: what {@code tau.node.<node_id>.cluster} answers and
 * {@code /cluster} serves. {@code seeds_outside} are seed members this node cannot see; {@code split_from} names a
 * member it was split from, while it is.
 */
public record ClusterView(
        int schemaVersion,
        String clusterName,
        String nodeId,
        String localMember,
        int memberCount,
        List<Member> members,
        List<String> seedsOutside,
        @Nullable String splitFrom)
        implements MeshMessage {

    /**
     * One member: its Hazelcast address and uuid, the Vert.x node id it runs, the protocol it speaks, and the services
     * it hosts (those whose {@code tau.<service>.status} it serves, as the node last audited the registrations).
     */
    public record Member(
            String address, String uuid, @Nullable String nodeId, boolean local, int protocol, List<String> services) {

        public Member {
            services = services == null ? List.of() : List.copyOf(services);
        }

        public Member(String address, String uuid, @Nullable String nodeId, boolean local, int protocol) {
            this(address, uuid, nodeId, local, protocol, List.of());
        }
    }

    public ClusterView {
        members = members == null ? List.of() : List.copyOf(members);
        seedsOutside = seedsOutside == null ? List.of() : List.copyOf(seedsOutside);
    }

    public static ClusterView of(
            String clusterName,
            String nodeId,
            String localMember,
            List<Member> members,
            List<String> seedsOutside,
            @Nullable String splitFrom) {
        return new ClusterView(
                SCHEMA_VERSION, clusterName, nodeId, localMember, members.size(), members, seedsOutside, splitFrom);
    }

    /** What a node answers before it knows its cluster: no members. */
    public static ClusterView unknown() {
        return new ClusterView(SCHEMA_VERSION, "", "", "", 0, List.of(), List.of(), null);
    }

    /** The Vert.x node ids of the members. */
    public Set<String> nodeIds() {
        return members.stream().map(Member::nodeId).filter(id -> id != null).collect(Collectors.toSet());
    }
}
