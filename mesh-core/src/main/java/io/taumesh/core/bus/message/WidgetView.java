package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.Map;

/**
 * One widget view as published on {@code tau.dashboard.widgets}: its id, its kind (how a client draws it),
 * its data, and a {@code seq} that grows each time the view changes, so a client can tell a stale update.
 */
public record WidgetView(
        int schemaVersion, String id, String kind, Map<String, Object> data, long seq, String updatedAt)
        implements MeshMessage {}
