package io.taumesh.core.bus;

import io.taumesh.core.bus.message.ClusterView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * One instance of a singleton service (the supervisor, each runtime) per cluster. A service claims its id
 * in a cluster-wide map before it registers any address; a second instance is refused with the holder's
 * member and pid instead of silently sharing the holder's addresses (the event bus would round-robin
 * between them). A claim whose holder is no longer a member (it died without releasing) is taken over.
 */
public final class SingletonClaim {

    private static final int ATTEMPTS = 3;

    /** Another instance of the service holds the claim. */
    public static final class HeldException extends IllegalStateException {
        HeldException(String message) {
            super(message);
        }
    }

    private final Vertx vertx;
    private final String key;
    private final String value;

    private SingletonClaim(Vertx vertx, String key, String value) {
        this.vertx = vertx;
        this.key = key;
        this.value = value;
    }

    /** Claims {@code service} for this node; fails with {@link HeldException} while a live member holds it. */
    public static Future<SingletonClaim> claim(Vertx vertx, MeshService service, NodeIdentity node) {
        String value = new JsonObject()
                .put("node_id", node.nodeId())
                .put("member", node.member())
                .put("pid", ProcessHandle.current().pid())
                .put("since", Instant.now().toString())
                .put("claim", UUID.randomUUID().toString())
                .encode();
        return vertx.sharedData()
                .<String, String>getAsyncMap(Addresses.SINGLETON_MAP)
                .compose(map -> attempt(vertx, map, service, node, value, ATTEMPTS))
                .map(v -> new SingletonClaim(vertx, service.id(), value));
    }

    private static Future<Void> attempt(
            Vertx vertx,
            AsyncMap<String, String> map,
            MeshService service,
            NodeIdentity node,
            String value,
            int attemptsLeft) {
        return map.putIfAbsent(service.id(), value).compose(existing -> {
            if (existing == null) {
                return Future.succeededFuture();
            }
            JsonObject holder = new JsonObject(existing);
            return liveMembers(vertx, node).compose(live -> {
                if (live.contains(holder.getString("node_id")) || attemptsLeft <= 1) {
                    return Future.failedFuture(new HeldException(describe(service, node, holder)));
                }
                // The holder left the cluster without releasing (killed): take its claim over.
                return map.replaceIfPresent(service.id(), existing, value)
                        .compose(replaced -> replaced
                                ? Future.succeededFuture()
                                : attempt(vertx, map, service, node, value, attemptsLeft - 1));
            });
        });
    }

    /** The Vert.x node ids of the members this node sees; a node outside a mesh runtime sees only itself. */
    private static Future<Set<String>> liveMembers(Vertx vertx, NodeIdentity node) {
        return vertx.eventBus()
                .<JsonObject>request(
                        Addresses.nodeCluster(node.nodeId()),
                        new JsonObject(),
                        new DeliveryOptions().setLocalOnly(true).setSendTimeout(5_000))
                .map(reply -> MeshJson.fromJson(reply.body(), ClusterView.class).nodeIds())
                .otherwise(err -> Set.of(node.nodeId()));
    }

    private static String describe(MeshService service, NodeIdentity node, JsonObject holder) {
        String where = node.nodeId().equals(holder.getString("node_id"))
                ? "this node"
                : "member " + holder.getString("member");
        String cluster = node.clusterName() == null ? "this mesh" : "cluster '" + node.clusterName() + "'";
        return cluster + " already has a " + service.id() + " (" + where + ", pid " + holder.getValue("pid")
                + ", since "
                + holder.getString("since") + "); a second one would answer tau." + service.id()
                + ".* beside it. Stop that one "
                + "first, or run this one in a mesh of its own (--cluster-name)";
    }

    /** Gives the claim up; the next instance may then start. */
    public Future<Void> release() {
        return vertx.sharedData()
                .<String, String>getAsyncMap(Addresses.SINGLETON_MAP)
                .compose(map -> map.removeIfPresent(key, value))
                .otherwiseEmpty()
                .mapEmpty();
    }
}
