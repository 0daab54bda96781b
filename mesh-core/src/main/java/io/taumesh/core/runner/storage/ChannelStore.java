package io.taumesh.core.runner.storage;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.wire.OutputRecord;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code channel-store/<runtime>/<channel_id>/}: each channel's processed outputs, one JSON line per case, in
 * a {@link SegmentedLog} ({@code outputs.jsonl}, rolling into {@code segments/}). It remembers where each
 * channel's log stands ({@link RunnerCheckpoint.ChannelMark}), so that a start reads only what was written
 * since the last checkpoint, and it cuts off the lines of a cycle that never committed. Blocking throughout.
 */
public final class ChannelStore {

    public static final String OUTPUTS = "outputs.jsonl";

    private final Path root;
    private final LogRetention retention;
    private final StateFs fs;
    private final Map<String, RunnerCheckpoint.ChannelMark> marks = new HashMap<>();

    public ChannelStore(Path stateDir, String runtime, LogRetention retention) {
        this(stateDir, runtime, retention, StateFs.DISK);
    }

    /** A channel store whose writes go through {@code fs}. */
    public ChannelStore(Path stateDir, String runtime, LogRetention retention, StateFs fs) {
        this.root = stateDir.resolve("channel-store").resolve(runtime);
        this.retention = retention;
        this.fs = fs;
    }

    public Path root() {
        return root;
    }

    public Path channelDir(String channelId) {
        return root.resolve(channelId);
    }

    public SegmentedLog log(String channelId) {
        return new SegmentedLog(channelDir(channelId).resolve(OUTPUTS), retention, fs);
    }

    /** Where every channel's log stands now (for a checkpoint, and for what a runtime derives per channel). */
    public Map<String, RunnerCheckpoint.ChannelMark> marks() {
        return Map.copyOf(marks);
    }

    /** Appends each channel's records to its outputs log, forced to disk. */
    public void append(Map<String, List<OutputRecord>> byChannel) throws IOException {
        for (Map.Entry<String, List<OutputRecord>> e : byChannel.entrySet()) {
            List<String> lines = new ArrayList<>(e.getValue().size());
            long bytes = 0;
            long lastCycle = 0;
            for (OutputRecord r : e.getValue()) {
                String line = MeshJson.toJsonString(r);
                lines.add(line);
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                Long cycleId = r.origin().cycleId();
                lastCycle = cycleId == null ? lastCycle : Math.max(lastCycle, cycleId);
            }
            SegmentedLog log = log(e.getKey());
            int rolled = log.append(lines);
            RunnerCheckpoint.ChannelMark mark = marks.getOrDefault(e.getKey(), RunnerCheckpoint.ChannelMark.EMPTY);
            marks.put(
                    e.getKey(),
                    rolled > 0
                            ? new RunnerCheckpoint.ChannelMark(
                                    mark.records() + lines.size(),
                                    rolled,
                                    log.liveSize(),
                                    lines.size(),
                                    Math.max(mark.lastCycle(), lastCycle))
                            : new RunnerCheckpoint.ChannelMark(
                                    mark.records() + lines.size(),
                                    mark.segment(),
                                    mark.liveBytes() + bytes,
                                    mark.liveLines() + lines.size(),
                                    Math.max(mark.lastCycle(), lastCycle)));
        }
    }

    /** What the start found: the case ids committed since the checkpoint, and each channel's records. */
    public record Recovered(
            List<String> caseIdsSinceCheckpoint,
            Map<String, Long> recordsPerChannel,
            Map<String, RunnerCheckpoint.ChannelMark> marks) {}

    /**
     * Reads each channel's log from where the checkpoint left it: counts its records, collects the case ids
     * committed since, and cuts off the lines of cycles after {@code committedCycle} (they never committed;
     * nothing is appended after them, so they end the live file).
     */
    public Recovered recover(long committedCycle, RunnerCheckpoint checkpoint) throws IOException {
        marks.clear();
        List<String> ids = new ArrayList<>();
        Map<String, Long> records = new HashMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> channels = Files.list(root)) {
                for (Path dir : channels.filter(Files::isDirectory).sorted().toList()) {
                    String channel = dir.getFileName().toString();
                    RunnerCheckpoint.ChannelMark mark = recoverChannel(
                            channel,
                            committedCycle,
                            checkpoint.channels().getOrDefault(channel, RunnerCheckpoint.ChannelMark.EMPTY),
                            ids::add);
                    marks.put(channel, mark);
                    records.put(channel, mark.records());
                }
            }
        }
        return new Recovered(ids, records, marks());
    }

    private RunnerCheckpoint.ChannelMark recoverChannel(
            String channel, long committed, RunnerCheckpoint.ChannelMark from, Consumer<String> ids)
            throws IOException {
        SegmentedLog log = log(channel);
        log.finishRolls();
        long records = from.records();
        long lastCycle = from.lastCycle();
        int segment = log.lastSegment();
        long start = from.liveBytes();
        if (segment > from.segment()) {
            // The live file rolled since the checkpoint: what it held then is the head of the next segment.
            for (Path s : log.segments()) {
                int n = SegmentedLog.number(s);
                if (n <= from.segment()) {
                    continue;
                }
                List<JsonObject> lines = SegmentedLog.readSegment(s);
                for (JsonObject line : n == from.segment() + 1
                        ? lines.subList((int) Math.min(from.liveLines(), lines.size()), lines.size())
                        : lines) {
                    records++;
                    lastCycle = count(line, lastCycle, ids);
                }
            }
            start = 0;
        }
        long liveLines = segment > from.segment() ? 0 : from.liveLines();
        for (SegmentedLog.Line line : log.readFrom(start)) {
            Long cycle = line.json().getLong("cycle_id");
            if (cycle != null && cycle > committed) {
                log.truncate(line.offset());
                break;
            }
            records++;
            liveLines++;
            lastCycle = count(line.json(), lastCycle, ids);
        }
        return new RunnerCheckpoint.ChannelMark(records, segment, log.liveSize(), liveLines, lastCycle);
    }

    private static long count(JsonObject line, long lastCycle, Consumer<String> ids) {
        String caseId = line.getString("case_id");
        if (caseId != null) {
            ids.accept(caseId);
        }
        Long cycle = line.getLong("cycle_id");
        return cycle == null ? lastCycle : Math.max(lastCycle, cycle);
    }

    /** A channel's committed records, oldest first, from every kept segment and the live file. */
    public List<JsonObject> records(String channelId, long committedCycle) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        log(channelId).forEach(line -> {
            Long cycle = line.getLong("cycle_id");
            if (cycle == null || cycle <= committedCycle) {
                out.add(line);
            }
        });
        return out;
    }
}
