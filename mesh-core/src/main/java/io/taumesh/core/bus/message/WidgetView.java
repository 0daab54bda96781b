package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.Map;

/**
 * One widget view as published on {@code tau.dashboard.widgets}: its id, its kind (how a client draws it),
 * its data, and a {@code seq} that grows each time the view changes, so a client can tell a stale update.
 */
public record WidgetView(
        int schemaVersion, String id, String kind, Map<String, Object> data, long seq, String updatedAt)
        implements MeshMessage {

    /**
     * How often the dashboard publishes every view again, unchanged. A publish on the clustered event bus reaches
     * whoever the sender sees subscribed at that moment, at most once: one sent while members join, leave or merge can
     * miss a subscriber, which has no way to tell. A view sent again carries its own {@code seq}, so a subscriber that
     * has it ignores it and one that missed an update converges within this period; a page that hears none of a
     * runtime's views for twice this long shows them as stale.
     */
    public static final long RESENT_EVERY_MS = 5_000;
}
