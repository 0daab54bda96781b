package io.taumesh.dashboard;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.ChannelViewsAnswer;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.runner.storage.ChannelStore;
import io.taumesh.core.runner.storage.RunnerCheckpoint;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Each dashboard channel's current widget views and the control actions applied through it, as fixture
 * cases and operators change them. Kept in memory, written to {@code channel-store/dashboard/<channel>/views.json}
 * after each committed cycle, and restored from it at start (from the channel's committed outputs when a crash
 * left it behind).
 */
final class ChannelViews {

    static final String VIEWS_FILE = "views.json";
    static final int RECENT_ACTIONS = 20;

    private static final class Channel {
        final Map<String, WidgetView> views = new TreeMap<>();
        final Deque<Map<String, Object>> actions = new ArrayDeque<>();
        long actionsApplied;

        /** A channel as its {@link #write} kept it. */
        static Channel from(ChannelViewsAnswer saved) {
            Channel channel = new Channel();
            saved.views().forEach(view -> channel.views.put(view.id(), view));
            channel.actions.addAll(saved.recentActions());
            channel.actionsApplied = saved.actionsApplied();
            return channel;
        }
    }

    /** A channel's {@code views.json}: its views as the bus answers them, and the cycle they reflect. */
    record SavedViews(@JsonUnwrapped ChannelViewsAnswer answer, long cycleId) {}

    private final Map<String, Channel> channels = new TreeMap<>();
    private final Set<String> touched = new HashSet<>();

    WidgetView update(String channelId, String widgetId, String kind, Map<String, Object> data, String at) {
        Channel channel = channels.computeIfAbsent(channelId, k -> new Channel());
        WidgetView old = channel.views.get(widgetId);
        WidgetView view = new WidgetView(1, widgetId, kind, data, old == null ? 1 : old.seq() + 1, at);
        channel.views.put(widgetId, view);
        touched.add(channelId);
        return view;
    }

    /** A case of the channel ran (whatever its outcome): its views file is rewritten with this cycle's id. */
    void touch(String channelId) {
        channels.computeIfAbsent(channelId, k -> new Channel());
        touched.add(channelId);
    }

    void actionApplied(String channelId, Map<String, Object> action) {
        Channel channel = channels.computeIfAbsent(channelId, k -> new Channel());
        channel.actionsApplied++;
        channel.actions.addFirst(action);
        while (channel.actions.size() > RECENT_ACTIONS) {
            channel.actions.removeLast();
        }
        touched.add(channelId);
    }

    ChannelViewsAnswer snapshot(String channelId) {
        Channel channel = channels.getOrDefault(channelId, new Channel());
        return ChannelViewsAnswer.of(
                channelId, List.copyOf(channel.views.values()), channel.actionsApplied, List.copyOf(channel.actions));
    }

    /** Takes over what another instance holds (the one rebuilt from the store at start). */
    void restoreFrom(ChannelViews rebuilt) {
        channels.clear();
        channels.putAll(rebuilt.channels);
        touched.clear();
    }

    /** The snapshots of the channels changed since the last call. */
    Map<String, ChannelViewsAnswer> drainTouched() {
        Map<String, ChannelViewsAnswer> out = new LinkedHashMap<>();
        touched.forEach(id -> out.put(id, snapshot(id)));
        touched.clear();
        return out;
    }

    /** Blocking: writes each snapshot to its channel's {@code views.json}, atomically, with the cycle it reflects. */
    static void write(ChannelStore store, Map<String, ChannelViewsAnswer> snapshots, long cycleId) throws IOException {
        for (Map.Entry<String, ChannelViewsAnswer> e : snapshots.entrySet()) {
            AtomicFiles.write(
                    store.channelDir(e.getKey()).resolve(VIEWS_FILE),
                    MeshJson.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(new SavedViews(e.getValue(), cycleId)));
        }
    }

    /**
     * Blocking: each channel's views and actions as its {@code views.json} holds them when that file is as new as
     * the channel's newest committed record; a channel whose file a crash left behind is rebuilt from its records.
     */
    static ChannelViews restore(ChannelStore store, long committedCycle) throws IOException {
        ChannelViews views = new ChannelViews();
        for (Map.Entry<String, RunnerCheckpoint.ChannelMark> e : new TreeMap<>(store.marks()).entrySet()) {
            String channelId = e.getKey();
            SavedViews saved = readSaved(store.channelDir(channelId).resolve(VIEWS_FILE));
            if (saved != null && saved.cycleId() >= e.getValue().lastCycle()) {
                views.channels.put(channelId, Channel.from(saved.answer()));
                continue;
            }
            for (JsonObject record : store.records(channelId, committedCycle)) {
                views.replay(channelId, record);
            }
        }
        views.touched.clear();
        return views;
    }

    /** The channel's kept views, or null when the file is missing or unreadable (its records rebuild them). */
    private static @Nullable SavedViews readSaved(Path file) {
        try {
            return MeshJson.bind(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)), SavedViews.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void replay(String channelId, JsonObject record) {
        JsonObject result = record.getJsonObject("result");
        if (result == null || !"succeeded".equals(record.getString("outcome"))) {
            return;
        }
        if (result.getString("widget_id") != null && result.getJsonObject("data") != null) {
            update(
                    channelId,
                    result.getString("widget_id"),
                    result.getString("kind"),
                    result.getJsonObject("data").getMap(),
                    record.getString("timestamp"));
        } else if (ControlVerdict.ACCEPTED.wire().equals(result.getString("result"))) {
            actionApplied(channelId, result.getMap());
        }
    }
}
