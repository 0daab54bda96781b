package io.taumesh.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.awaitility.Awaitility;

/** What an operator checks on a mesh of separate nodes: readiness, the members each sees, the dashboard's view. */
final class MeshChecks {

    private MeshChecks() {}

    static int readiness(String opsUrl) {
        try {
            return MeshHttp.get(opsUrl + "/readiness").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void awaitReady(MeshTopology.Node node, Duration timeout) {
        Awaitility.await(node.service() + " ready")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> readiness(node.opsUrl()) == 200);
    }

    /** The members a node sees ({@code /cluster}), or -1 while it does not answer. */
    static int members(String opsUrl) {
        try {
            return MeshHttp.memberCount(opsUrl);
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The web UI's snapshot, as a page with the operator token loads it on connect: cluster members, supervisor state and
     * health, relay link.
     */
    static JsonObject dashboardSnapshot(int uiPort, String token) throws Exception {
        try (BridgePage page = BridgePage.open(uiPort)) {
            JsonObject reply = page.request(
                    "ui.control", new JsonObject().put("op", "snapshot").put("token", token), null);
            JsonObject body = reply.getJsonObject("body");
            if (body == null) {
                throw new AssertionError("no snapshot from the web UI: " + reply.encode());
            }
            return body;
        }
    }

    static JsonArray dashboardMembers(JsonObject snapshot) {
        JsonObject cluster = snapshot.getJsonObject("cluster");
        return cluster == null ? new JsonArray() : cluster.getJsonArray("members", new JsonArray());
    }

    /** {@code health().dashboard_link} as the supervisor reports it in the dashboard's snapshot. */
    static String supervisorLink(JsonObject snapshot) {
        JsonObject supervisor = snapshot.getJsonObject("supervisor");
        JsonObject health = supervisor == null ? null : supervisor.getJsonObject("health");
        return health == null ? null : health.getString("dashboard_link");
    }
}
