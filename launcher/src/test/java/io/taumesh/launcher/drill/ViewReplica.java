package io.taumesh.launcher.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A subscriber's copy of the widget views, kept as a page keeps it: a snapshot on every (re)connect, then
 * updates applied by {@code seq} (an older one never replaces a newer one). Its hash is compared with a fresh
 * snapshot's once the load stops.
 */
final class ViewReplica {

    private final Map<String, JsonObject> views = new TreeMap<>();
    private volatile long resyncs;
    private volatile long lastResyncNanos;

    synchronized void snapshot(JsonArray snapshot) {
        for (Object o : snapshot) {
            if (o instanceof JsonObject view) {
                apply(view);
            }
        }
        resyncs++;
        lastResyncNanos = System.nanoTime();
    }

    synchronized void apply(JsonObject view) {
        String id = view.getString("id");
        if (id == null) {
            return;
        }
        JsonObject known = views.get(id);
        if (known == null || known.getLong("seq", -1L) <= view.getLong("seq", -1L)) {
            views.put(id, view);
        }
    }

    long resyncs() {
        return resyncs;
    }

    long lastResyncNanos() {
        return lastResyncNanos;
    }

    synchronized String hash() {
        return hashOf(views);
    }

    /** The hash of a snapshot's views, as a replica that holds exactly them has. */
    static String hashOf(JsonArray snapshot) {
        Map<String, JsonObject> byId = new TreeMap<>();
        snapshot.forEach(o -> byId.put(((JsonObject) o).getString("id"), (JsonObject) o));
        return hashOf(byId);
    }

    private static String hashOf(Map<String, JsonObject> views) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            views.forEach((id, view) -> sha.update((id + "=" + view.getLong("seq") + ":"
                            + new JsonObject(new TreeMap<>(view.getJsonObject("data", new JsonObject())
                                            .getMap()))
                                    .encode()
                            + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16) + " (" + views.size() + " views)";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
