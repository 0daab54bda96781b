package io.taumesh.core.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fails a request fast when the member that serves its address leaves the cluster. A message sent to a
 * member that dies is lost with its connection, and its request would wait out its whole reply timeout; so
 * for a while after a member leaves, the requests still waiting are checked every {@link #SWEEP_MS}, and one
 * whose address only departed members served (as the node's last look at the registrations, at most a second
 * old, says) and no live member serves now fails at once with {@code NO_HANDLERS}, as a send to an address
 * nobody serves does. Both conditions matter: right after a loss the cluster's registration data can be
 * missing for a moment (partitions being recovered), which must not fail a request a live member serves.
 */
public final class FailFastRequests {

    static final long SWEEP_MS = 250;
    /** How long after a departure the waiting requests are checked. */
    static final long SWEEP_FOR_MS = 10_000;

    private static final Map<Vertx, FailFastRequests> BOUND = new ConcurrentHashMap<>();

    private record Pending(String address, Promise<Message<JsonObject>> promise, Context context) {}

    private final Vertx vertx;
    private final ClusterManager cluster;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile long sweepUntil;
    /** Who served each address at the last audit of the registrations. */
    private volatile Map<String, Set<String>> servedBy = Map.of();
    /** Vert.x node ids of the members that left within the sweep window. */
    private final Set<String> departed = ConcurrentHashMap.newKeySet();
    /**
     * Who served each address as the members left, kept for the sweep window: an audit after the loss no longer
     * lists a dead member's registrations, while a request may still have gone to it (Vert.x picks its target from
     * what it cached before the loss).
     */
    private final Map<String, Set<String>> servedAtLoss = new ConcurrentHashMap<>();

    private long timer = -1;

    private FailFastRequests(Vertx vertx, ClusterManager cluster) {
        this.vertx = vertx;
        this.cluster = cluster;
    }

    /** Tracks the requests {@link MeshBus} sends from {@code vertx}, a clustered node. */
    public static FailFastRequests bind(Vertx vertx, ClusterManager cluster) {
        FailFastRequests requests = new FailFastRequests(vertx, cluster);
        BOUND.put(vertx, requests);
        return requests;
    }

    public static void unbind(Vertx vertx) {
        FailFastRequests requests = BOUND.remove(vertx);
        if (requests != null) {
            requests.pending.clear();
        }
    }

    /** The request, failed early if its address loses its last live member while it waits. */
    static Future<Message<JsonObject>> track(Vertx vertx, String address, Future<Message<JsonObject>> request) {
        FailFastRequests requests = BOUND.get(vertx);
        if (requests == null || request.isComplete()) {
            return request;
        }
        Promise<Message<JsonObject>> outcome = Promise.promise();
        Pending entry = new Pending(address, outcome, vertx.getOrCreateContext());
        requests.pending.add(entry);
        request.onComplete(ar -> {
            requests.pending.remove(entry);
            if (ar.succeeded()) {
                outcome.tryComplete(ar.result());
            } else {
                outcome.tryFail(ar.cause());
            }
        });
        if (requests.sweepUntil > System.currentTimeMillis()) {
            requests.sweep(); // sent just after a departure: it may have gone to the member that left
        }
        return outcome.future();
    }

    /** The registrations as last audited: address to the node ids that serve it. Any thread. */
    public void observe(Map<String, Set<String>> registrations) {
        servedBy = registrations;
    }

    /** A member left ({@code nodeId}: its Vert.x node id, when known): check the waiting requests for a while. Any thread. */
    public void memberLeft(String nodeId) {
        if (System.currentTimeMillis() > sweepUntil) {
            departed.clear();
            servedAtLoss.clear();
        }
        if (nodeId != null) {
            departed.add(nodeId);
        }
        servedBy.forEach(
                (address, servers) -> servedAtLoss.merge(address, Set.copyOf(servers), FailFastRequests::union));
        sweepUntil = System.currentTimeMillis() + SWEEP_FOR_MS;
        vertx.runOnContext(v -> {
            if (timer >= 0) {
                return;
            }
            timer = vertx.setPeriodic(0, SWEEP_MS, id -> {
                if (System.currentTimeMillis() > sweepUntil) {
                    vertx.cancelTimer(id);
                    timer = -1;
                    return;
                }
                sweep();
            });
        });
    }

    /** How many requests wait now. */
    public int waiting() {
        return pending.size();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> both = new HashSet<>(a);
        both.addAll(b);
        return both;
    }

    private void sweep() {
        if (pending.isEmpty() || departed.isEmpty()) {
            return;
        }
        Set<String> live = new HashSet<>(cluster.getNodes());
        Map<String, Set<String>> lastSeen = servedBy;
        Set<String> orphaned = new HashSet<>();
        pending.forEach(p -> {
            Set<String> servers = union(
                    lastSeen.getOrDefault(p.address(), Set.of()), servedAtLoss.getOrDefault(p.address(), Set.of()));
            if (!servers.isEmpty() && departed.containsAll(servers)) {
                orphaned.add(p.address());
            }
        });
        for (String address : orphaned) {
            Promise<List<RegistrationInfo>> found = Promise.promise();
            cluster.getRegistrations(address, found);
            found.future().onSuccess(registrations -> {
                if (registrations.stream().anyMatch(r -> live.contains(r.nodeId()))) {
                    return; // served again, by a member that joined since
                }
                for (Pending p : pending) {
                    if (p.address().equals(address) && pending.remove(p)) {
                        p.context()
                                .runOnContext(v -> p.promise()
                                        .tryFail(new ReplyException(
                                                ReplyFailure.NO_HANDLERS,
                                                "no member of the cluster serves " + address
                                                        + " any more: the member serving it left")));
                    }
                }
            });
        }
    }
}
