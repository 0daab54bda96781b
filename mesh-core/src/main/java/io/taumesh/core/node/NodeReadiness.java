package io.taumesh.core.node;

import io.taumesh.core.cluster.SplitWatch;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What a node's {@code /readiness} checks: the cluster took it, its services run, it is not split from its peers. */
final class NodeReadiness {

    private NodeReadiness() {}

    /** The checks by name, in the order {@code /readiness} lists them. */
    static Map<String, Handler<Promise<Status>>> checks(
            MeshNode node, Supplier<Optional<String>> refusal, List<String> deploymentIds) {
        Map<String, Handler<Promise<Status>>> checks = new LinkedHashMap<>();
        checks.put(
                "protocol",
                promise -> promise.complete(refusal.get()
                        .map(reason -> Status.KO(new JsonObject().put("reason", reason)))
                        .orElseGet(Status::OK)));
        checks.put("services", promise -> {
            boolean allDeployed = node.vertx().deploymentIDs().containsAll(deploymentIds);
            promise.complete(
                    allDeployed ? Status.OK() : Status.KO(new JsonObject().put("reason", "a service was undeployed")));
        });
        // Alone while a member that left answers on its address: split, not ready until the merge.
        checks.put("peers", promise -> promise.complete(peers(node)));
        return checks;
    }

    /**
     * Split (alone while a member that left answers) or apart (seed members that answer stayed outside this node's
     * cluster): not ready until the merge. Else UP.
     */
    private static Status peers(MeshNode node) {
        Optional<SplitWatch.Departure> split = node.splitWatch().split();
        if (split.isPresent()) {
            return Status.KO(new JsonObject()
                    .put(
                            "reason",
                            "split: alone while member " + split.get().address() + " (left at "
                                    + split.get().at() + ") answers; waiting for the merge"));
        }
        List<String> apart = node.splitWatch().apart();
        if (apart.isEmpty()) {
            return Status.OK();
        }
        boolean one = apart.size() == 1;
        return Status.KO(new JsonObject()
                .put(
                        "reason",
                        "apart: seed member" + (one ? " " : "s ") + String.join(", ", apart) + " answer"
                                + (one ? "s" : "") + " but " + (one ? "is" : "are") + " not in this node's cluster of "
                                + node.members().size() + "; waiting for the merge")
                .put("seeds_outside", new JsonArray(apart)));
    }
}
