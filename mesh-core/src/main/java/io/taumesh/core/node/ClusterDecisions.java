package io.taumesh.core.node;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.bus.message.ClusterDecision;
import io.taumesh.core.cluster.ClusterMembers;
import io.taumesh.core.cluster.RegistrationAudit;
import io.vertx.core.Vertx;

/**
 * What a node decides about its cluster on its own, published on {@code tau.cluster.decisions} for the supervisor to
 * keep: each stale registration its audit removes, and each member it refuses (as the cluster's oldest member).
 */
final class ClusterDecisions {

    private ClusterDecisions() {}

    static void publish(Vertx vertx, String nodeId, RegistrationAudit audit, ClusterMembers members) {
        audit.onRemoved(r -> decided(
                vertx,
                ClusterDecision.REGISTRATION_REMOVED,
                r.address(),
                "its node " + r.nodeId() + " was no member at two audits in a row (" + r.liveMembers()
                        + " live members)",
                nodeId));
        members.onRefused((member, why) -> decided(vertx, ClusterDecision.MEMBER_REFUSED, member, why, nodeId));
    }

    private static void decided(Vertx vertx, String kind, String subject, String detail, String nodeId) {
        vertx.eventBus()
                .publish(
                        Addresses.CLUSTER_DECISIONS,
                        MeshJson.toJson(new ClusterDecision(
                                MeshMessage.SCHEMA_VERSION,
                                System.currentTimeMillis(),
                                kind,
                                subject,
                                detail,
                                nodeId)));
    }
}
