package io.taumesh.dashboard;

import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.runner.ChannelStore;
import io.vertx.core.json.JsonArray;
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
import java.util.stream.Stream;

/**
 * Each dashboard channel's current widget views and the control actions applied through it, as fixture
 * cases and operators change them. Kept in memory, written to {@code channel-store/dashboard/<channel>/views.json}
 * after each committed cycle, and rebuilt at start from the channel's committed outputs.
 */
final class ChannelViews {

  static final String VIEWS_FILE = "views.json";
  static final int RECENT_ACTIONS = 20;

  private static final class Channel {
    final Map<String, WidgetView> views = new TreeMap<>();
    final Deque<Map<String, Object>> actions = new ArrayDeque<>();
    long actionsApplied;
  }

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

  void actionApplied(String channelId, Map<String, Object> action) {
    Channel channel = channels.computeIfAbsent(channelId, k -> new Channel());
    channel.actionsApplied++;
    channel.actions.addFirst(action);
    while (channel.actions.size() > RECENT_ACTIONS) {
      channel.actions.removeLast();
    }
    touched.add(channelId);
  }

  JsonObject snapshot(String channelId) {
    Channel channel = channels.getOrDefault(channelId, new Channel());
    JsonArray views = new JsonArray();
    channel.views.values().forEach(v -> views.add(MeshJson.toJson(v)));
    return new JsonObject().put("schema_version", 1).put("channel_id", channelId).put("views", views)
        .put("actions_applied", channel.actionsApplied).put("recent_actions", new JsonArray(List.copyOf(channel.actions)));
  }

  /** Takes over what another instance holds (the one rebuilt from the store at start). */
  void restoreFrom(ChannelViews rebuilt) {
    channels.clear();
    channels.putAll(rebuilt.channels);
    touched.clear();
  }

  /** The snapshots of the channels changed since the last call. */
  Map<String, JsonObject> drainTouched() {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    touched.forEach(id -> out.put(id, snapshot(id)));
    touched.clear();
    return out;
  }

  /** Blocking: writes each snapshot to its channel's {@code views.json}, atomically. */
  static void write(ChannelStore store, Map<String, JsonObject> snapshots) throws IOException {
    for (Map.Entry<String, JsonObject> e : snapshots.entrySet()) {
      AtomicFiles.write(store.channelDir(e.getKey()).resolve(VIEWS_FILE),
          e.getValue().encodePrettily().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Blocking: the views and actions that the committed outputs of every channel describe. */
  static ChannelViews rebuild(ChannelStore store, long committedCycle) throws IOException {
    ChannelViews views = new ChannelViews();
    if (!Files.isDirectory(store.root())) {
      return views;
    }
    try (Stream<Path> dirs = Files.list(store.root())) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String channelId = dir.getFileName().toString();
        for (JsonObject record : store.records(channelId, committedCycle)) {
          views.replay(channelId, record);
        }
      }
    }
    views.touched.clear();
    return views;
  }

  private void replay(String channelId, JsonObject record) {
    JsonObject result = record.getJsonObject("result");
    if (result == null || !"succeeded".equals(record.getString("outcome"))) {
      return;
    }
    if (result.getString("widget_id") != null && result.getJsonObject("data") != null) {
      update(channelId, result.getString("widget_id"), result.getString("kind"), result.getJsonObject("data").getMap(),
          record.getString("timestamp"));
    } else if (ControlVerdict.ACCEPTED.wire().equals(result.getString("result"))) {
      actionApplied(channelId, result.getMap());
    }
  }
}
