package io.taumesh.core.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.cluster.ClusterMembers;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the ops endpoint reports on: a node's Vert.x, its metrics, its view of the cluster and who it is. */
public interface OpsSubject {

    Vertx vertx();

    PrometheusMeterRegistry registry();

    ClusterMembers members();

    String clusterName();

    String nodeId();

    /** Seed members that answer but have stayed outside this node's cluster (apart); empty when whole. */
    default List<String> seedsOutside() {
        return List.of();
    }

    /** Who served each event-bus address at the node's last audit of the registrations: address to node ids. */
    default Map<String, Set<String>> servedBy() {
        return Map.of();
    }

    /** The member this node is split from (alone while it answers), if so. */
    default Optional<String> splitFrom() {
        return Optional.empty();
    }
}
