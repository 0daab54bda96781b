package io.taumesh.core.runner;

import io.taumesh.core.bus.MeshJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code channel-store/<runtime>/<channel_id>/}: each channel's processed outputs, one JSON line per case.
 * Lines of a cycle that never committed (a crash between the outputs and {@code state.json}) are ignored,
 * so those cases run again. Blocking throughout.
 */
public final class ChannelStore {

  public static final String OUTPUTS = "outputs.jsonl";

  private final Path root;

  public ChannelStore(Path stateDir, String runtime) {
    this.root = stateDir.resolve("channel-store").resolve(runtime);
  }

  public Path root() {
    return root;
  }

  public Path channelDir(String channelId) {
    return root.resolve(channelId);
  }

  /** Appends each channel's records to its outputs file, forced to disk. */
  public void append(Map<String, List<OutputRecord>> byChannel) throws IOException {
    for (Map.Entry<String, List<OutputRecord>> e : byChannel.entrySet()) {
      List<String> lines = new ArrayList<>(e.getValue().size());
      for (OutputRecord r : e.getValue()) {
        lines.add(MeshJson.toJsonString(r));
      }
      JsonLines.append(channelDir(e.getKey()).resolve(OUTPUTS), lines);
    }
  }

  /** What the committed records say: which case ids were processed, and how many records each channel has. */
  public record Committed(Set<String> caseIds, Map<String, Integer> recordsPerChannel) {
  }

  public Committed committed(long committedCycle) throws IOException {
    Set<String> ids = new HashSet<>();
    Map<String, Integer> perChannel = new HashMap<>();
    if (!Files.isDirectory(root)) {
      return new Committed(ids, perChannel);
    }
    try (Stream<Path> channels = Files.list(root)) {
      for (Path dir : channels.filter(Files::isDirectory).toList()) {
        int count = 0;
        for (JsonObject line : JsonLines.read(dir.resolve(OUTPUTS)).objects()) {
          Long cycle = line.getLong("cycle_id");
          if (cycle != null && cycle > committedCycle) {
            continue;
          }
          count++;
          String caseId = line.getString("case_id");
          if (caseId != null) {
            ids.add(caseId);
          }
        }
        perChannel.put(dir.getFileName().toString(), count);
      }
    }
    return new Committed(ids, perChannel);
  }

  /** A channel's committed records, oldest first. */
  public List<JsonObject> records(String channelId, long committedCycle) throws IOException {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject line : JsonLines.read(channelDir(channelId).resolve(OUTPUTS)).objects()) {
      Long cycle = line.getLong("cycle_id");
      if (cycle == null || cycle <= committedCycle) {
        out.add(line);
      }
    }
    return out;
  }
}
