package io.taumesh.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * Which cluster node a verticle runs on. The node hands it to every verticle it deploys through the
 * deployment config, so services never reach into Vert.x internals to learn it.
 */
public record NodeIdentity(String nodeId, String member, String clusterName) {

    private static final String KEY = "tau_node";

    public JsonObject toConfig() {
        return new JsonObject()
                .put(
                        KEY,
                        new JsonObject()
                                .put("node_id", nodeId)
                                .put("member", member)
                                .put("cluster_name", clusterName));
    }

    /** The identity in a deployment config; a verticle deployed without one reports itself as unclustered. */
    public static NodeIdentity fromConfig(JsonObject config) {
        JsonObject node = config == null ? null : config.getJsonObject(KEY);
        if (node == null) {
            return new NodeIdentity("local", "unclustered", null);
        }
        return new NodeIdentity(
                node.getString("node_id", "local"),
                node.getString("member", "unclustered"),
                node.getString("cluster_name"));
    }
}
