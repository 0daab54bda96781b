package io.taumesh.launcher;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.NodeDiscovery;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.NodeSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A question or command to the running supervisor, asked the cheapest way that reaches it: the ops endpoint of a
 * node of the cluster running on this host (found in the discovery dir), or of a node given by {@code --ops-url};
 * only when there is none does the command join the cluster, as a lite member that moves no data.
 */
final class SupervisorRequest {

    private final Launch launch;
    private final String opsPath;
    private final String address;
    private final Map<String, Object> body;

    /** {@code body} null: a read ({@code GET opsPath}); otherwise a command ({@code POST opsPath} with the body). */
    SupervisorRequest(Launch launch, String opsPath, String address, Map<String, Object> body) {
        this.launch = launch;
        this.opsPath = opsPath;
        this.address = address;
        this.body = body;
    }

    /** Exit code: 0 answered, 1 no answer or refused. */
    int send() throws Exception {
        NodeSettings settings;
        try {
            settings = launch.node().toSettings();
        } catch (IllegalArgumentException e) {
            throw launch.usage(e.getMessage());
        }
        ClusterAsk client = new ClusterAsk(launch.out(), launch.err());
        Correlation correlation = client.correlation();
        OperatorTarget target = launch.target();
        if (target.viaCluster) {
            return client.ask(
                    settings.cluster().asLiteMember(),
                    address,
                    body == null ? new JsonObject() : new JsonObject(body),
                    correlation);
        }
        if (target.opsUrl != null) {
            return overHttp(target.opsUrl, System.getenv(NodeFlags.OPS_TOKEN_ENV), correlation);
        }
        Path dir = launch.node().discoveryDir();
        List<NodeDiscovery.Entry> nodes = dir == null
                ? List.of()
                : NodeDiscovery.live(dir, settings.cluster().clusterName(), MeshService.SUPERVISOR.id());
        for (NodeDiscovery.Entry node : nodes) {
            try {
                return answer(
                        OpsClient.request(node.opsUrl(), opsPath, encodedBody(), node.opsToken(), correlation),
                        node.opsUrl());
            } catch (OpsClient.Unreachable e) {
                // Stopping, or its pid taken by another program: the next one may answer.
            }
        }
        launch.err()
                .println("tau-mesh: no running node of cluster '"
                        + settings.cluster().clusterName() + "' found in "
                        + (dir == null ? "(no discovery dir)" : dir) + "; joining the cluster as a lite member to ask "
                        + "(--ops-url asks a node's ops endpoint directly)");
        return client.ask(
                settings.cluster().asLiteMember(),
                address,
                body == null ? new JsonObject() : new JsonObject(body),
                correlation);
    }

    private int overHttp(String opsUrl, String token, Correlation correlation) throws IOException {
        return answer(
                OpsClient.request(opsUrl.replaceAll("/+$", ""), opsPath, encodedBody(), token, correlation), opsUrl);
    }

    private String encodedBody() {
        return body == null ? null : JsonText.encode(body);
    }

    private int answer(OpsClient.Answer answer, String opsUrl) throws IOException {
        if (answer.status() == 200) {
            launch.out().println(JsonText.pretty(answer.body()));
            return 0;
        }
        String error = JsonText.field(answer.body(), "error");
        launch.err()
                .println("tau-mesh: " + opsUrl + opsPath + " answered " + answer.status() + ": "
                        + (error != null ? error : answer.body()));
        return 1;
    }
}
