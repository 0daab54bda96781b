package io.taumesh.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;

/**
 * The version of what nodes say to each other: the event-bus addresses and the message formats of
 * {@code docs/event-bus.md}. Each node publishes it as a Hazelcast member attribute. Nodes of one version
 * understand each other; a node whose version differs from the cluster's is refused when it joins: it hosts no
 * service and its {@code /readiness} answers 503 with the reason, instead of its requests timing out.
 * Raise it with any change that an older node would misread.
 *
 * @param version the protocol's version, from 1
 */
public record MeshProtocol(int version) {

    /** The member attribute that carries the version. */
    public static final String ATTRIBUTE = "tau.protocol";

    /** What this build speaks. */
    public static final MeshProtocol CURRENT = new MeshProtocol(1);

    public MeshProtocol {
        if (version < 1) {
            throw new IllegalArgumentException("protocol version must be at least 1, got " + version);
        }
    }

    public boolean compatibleWith(MeshProtocol other) {
        return other != null && other.version == version;
    }

    /** The version a member published, or empty for a member that published none (not a mesh node, or too old). */
    public static Optional<MeshProtocol> of(Member member) {
        String value = member.getAttribute(ATTRIBUTE);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MeshProtocol(Integer.parseInt(value)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Why this node may not take part in its cluster, if it may not: the cluster speaks the version of its oldest
     * member, and a node that joined it speaking another is refused. The oldest member itself is never refused.
     */
    public static Optional<String> refusal(HazelcastInstance hazelcast, MeshProtocol local) {
        Member oldest = hazelcast.getCluster().getMembers().iterator().next();
        if (oldest.localMember()) {
            return Optional.empty();
        }
        Optional<MeshProtocol> cluster = of(oldest);
        if (cluster.isPresent() && local.compatibleWith(cluster.get())) {
            return Optional.empty();
        }
        String theirs = cluster.map(p -> "mesh protocol " + p.version()).orElse("no mesh protocol");
        return Optional.of("refused by cluster '" + hazelcast.getConfig().getClusterName() + "': its oldest member "
                + oldest.getAddress().getHost() + ":" + oldest.getAddress().getPort() + " speaks " + theirs
                + ", this node speaks mesh protocol " + local.version()
                + "; run one version across the cluster (docs/deploy.md, rolling upgrades)");
    }
}
