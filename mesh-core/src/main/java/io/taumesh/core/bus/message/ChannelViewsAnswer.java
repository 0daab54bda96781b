package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;
import java.util.Map;

/**
 * What {@code tau.dashboard.views} answers to {@code {"channel_id": "c"}}: that channel's widget views, how many
 * control actions it applied, and the latest of them, newest first.
 */
public record ChannelViewsAnswer(
        int schemaVersion,
        String channelId,
        List<WidgetView> views,
        long actionsApplied,
        List<Map<String, Object>> recentActions)
        implements MeshMessage {

    public static ChannelViewsAnswer of(
            String channelId, List<WidgetView> views, long actionsApplied, List<Map<String, Object>> recentActions) {
        return new ChannelViewsAnswer(SCHEMA_VERSION, channelId, views, actionsApplied, recentActions);
    }
}
