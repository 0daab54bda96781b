package io.taumesh.webui;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The audit as pages see it: each entry the services write to their trails ({@code tau.audit}) goes on to this
 * node's pages as {@code ui.view.audit}; a page that (re)connects gets the newest entries of every trail in its
 * snapshot. The web UI keeps none of it: the trails are the services' own.
 */
final class AuditFeed {

    /** The services whose trails a page shows: those that answer actions. */
    static final List<MeshService> TRAILS = List.of(MeshService.DASHBOARD, MeshService.GATEWAY, MeshService.SUPERVISOR);
    /** How many of each trail's newest entries a snapshot carries. */
    static final int PER_TRAIL = 200;

    private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

    private final Vertx vertx;

    AuditFeed(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<Void> start() {
        return vertx.eventBus()
                .<JsonObject>consumer(
                        Addresses.AUDIT, m -> vertx.eventBus().publish(Addresses.UI_VIEW_AUDIT, m.body(), LOCAL_ONLY))
                .completion();
    }

    /**
     * The newest entries of every trail that answers, newest first; a service that does not answer is left out
     * (its entries come back once it does).
     */
    Future<List<JsonObject>> history() {
        List<Future<List<JsonObject>>> asked = TRAILS.stream().map(this::trail).toList();
        return Future.join(asked).transform(done -> {
            List<JsonObject> all = new ArrayList<>();
            asked.stream().filter(Future::succeeded).forEach(f -> all.addAll(f.result()));
            all.sort(Comparator.comparing((JsonObject e) -> e.getString("at", ""))
                    .reversed());
            return Future.succeededFuture(all);
        });
    }

    private Future<List<JsonObject>> trail(MeshService service) {
        return MeshBus.request(
                        vertx,
                        Addresses.audit(service),
                        new JsonObject().put("limit", PER_TRAIL),
                        Correlation.fresh(),
                        UiFeeds.TIMEOUT_MS)
                .map(reply -> {
                    JsonArray entries = reply.body().getJsonArray("entries", new JsonArray());
                    List<JsonObject> list = new ArrayList<>(entries.size());
                    entries.forEach(e -> {
                        if (e instanceof JsonObject entry) {
                            list.add(entry);
                        }
                    });
                    return list;
                });
    }
}
