package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;

/**
 * What {@code tau.dashboard.views} answers to {@code {}}: every widget view, in id order, and the hash of the
 * projection they come from, which {@code --dashboard-reproject} compares.
 */
public record DashboardViews(int schemaVersion, List<WidgetView> views, String summaryHash) implements MeshMessage {

    public DashboardViews {
        views = views == null ? List.of() : List.copyOf(views);
    }

    public static DashboardViews of(List<WidgetView> views, String summaryHash) {
        return new DashboardViews(SCHEMA_VERSION, views, summaryHash);
    }
}
