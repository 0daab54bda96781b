package io.taumesh.core.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.cluster.ClusterMembers;
import io.vertx.core.Vertx;

/** What the ops endpoint reports on: a node's Vert.x, its metrics, its view of the cluster and who it is. */
public interface OpsSubject {

  Vertx vertx();

  PrometheusMeterRegistry registry();

  ClusterMembers members();

  String clusterName();

  String nodeId();
}
