package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;

/**
 * A decision a node took about the cluster on its own, published on {@code tau.cluster.decisions} and kept by the
 * supervisor with its markers: a stale event-bus registration it removed, or a member it refused for speaking
 * another mesh protocol.
 *
 * @param kind {@link #REGISTRATION_REMOVED} or {@link #MEMBER_REFUSED}
 * @param subject the address whose registration was removed, or the refused member's {@code host:port}
 * @param detail what the decision rested on, in plain words
 * @param decidedBy the Vert.x node id of the node that decided
 */
public record ClusterDecision(
        int schemaVersion, long atMs, String kind, String subject, String detail, String decidedBy)
        implements MeshMessage {

    /** A registration of a node that was no member at two audits in a row, removed. */
    public static final String REGISTRATION_REMOVED = "registration_removed";
    /** A member that joined speaking another mesh protocol than the cluster's oldest member: it hosts no service. */
    public static final String MEMBER_REFUSED = "member_refused";
}
