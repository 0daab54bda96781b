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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, RunnerCheckpoint.ChannelMark> marks = new ConcurrentHashMap<>();
    /** One lock per channel: appends to a channel are one at a time, appends to different channels are not. */
    private final Map<String, Object> appending = new ConcurrentHashMap<>();
    /** Channels whose logs rolled into a plain segment that is still to be compressed. */
    private final Set<String> rolledPlain = ConcurrentHashMap.newKeySet();
    /** Held while compressing, apart from appends, so that an append never waits for a compression. */
    private final Object compressing = new Object();

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

    /**
     * Appends each channel's records to its outputs log, forced to disk. A cycle's commit and a write of records
     * from outside it may come from two threads at once: one appends to a channel at a time, and neither waits
     * for the other's channels.
     */
    public void append(Map<String, List<OutputRecord>> byChannel) throws IOException {
        for (Map.Entry<String, List<OutputRecord>> e : byChannel.entrySet()) {
            synchronized (appending.computeIfAbsent(e.getKey(), k -> new Object())) {
                appendTo(e.getKey(), e.getValue());
            }
        }
    }

    private void appendTo(String channel, List<OutputRecord> records) throws IOException {
        List<String> lines = new ArrayList<>(records.size());
        long bytes = 0;
        long lastCycle = 0;
        for (OutputRecord r : records) {
            String line = MeshJson.toJsonString(r);
            lines.add(line);
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            Long cycleId = r.origin().cycleId();
            lastCycle = cycleId == null ? lastCycle : Math.max(lastCycle, cycleId);
        }
        SegmentedLog log = log(channel);
        int rolled = log.appendCompressingLater(lines);
        if (rolled > 0) {
            rolledPlain.add(channel);
        }
        RunnerCheckpoint.ChannelMark mark = marks.getOrDefault(channel, RunnerCheckpoint.ChannelMark.EMPTY);
        long last = Math.max(mark.lastCycle(), lastCycle);
        marks.put(
                channel,
                rolled > 0
                        ? new RunnerCheckpoint.ChannelMark(
                                mark.records() + lines.size(), rolled, log.liveSize(), lines.size(), last)
                        : new RunnerCheckpoint.ChannelMark(
                                mark.records() + lines.size(),
                                mark.segment(),
                                mark.liveBytes() + bytes,
                                mark.liveLines() + lines.size(),
                                last));
    }

    /** Whether a roll left a segment to compress ({@link #compressRolled}). */
    public boolean hasRolled() {
        return !rolledPlain.isEmpty();
    }

    /**
     * Compresses the segments that appends left plain, and applies the retention; appends go on meanwhile. A
     * segment left plain by a failure or a crash stays readable and is compressed by the next call or start.
     */
    public void compressRolled() throws IOException {
        synchronized (compressing) {
            for (String channel : List.copyOf(rolledPlain)) {
                rolledPlain.remove(channel);
                try {
                    log(channel).finishRolls();
                } catch (IOException e) {
                    rolledPlain.add(channel);
                    throw e;
                }
            }
        }
    }

    /** What the start found: the case ids committed since the checkpoint, and each channel's records. */
    public record Recovered(
            List<String> caseIdsSinceCheckpoint,
            Map<String, Long> recordsPerChannel,
            Map<String, RunnerCheckpoint.ChannelMark> marks) {}

    /**
     * Reads each channel's log from where the checkpoint left it: counts its records, collects the case ids
     * committed since, and drops the lines of cycles after {@code committedCycle}: they never committed. A cycle's
     * lines end its channels' logs unless its commit failed in a running node; then records written after them are
     * kept and the file is rewritten without them.
     */
    public synchronized Recovered recover(long committedCycle, RunnerCheckpoint checkpoint) throws IOException {
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

    /** What a channel's recovery has counted so far. */
    private static final class Tally {
        long records;
        long liveLines;
        long lastCycle;
    }

    private RunnerCheckpoint.ChannelMark recoverChannel(
            String channel, long committed, RunnerCheckpoint.ChannelMark from, Consumer<String> ids)
            throws IOException {
        SegmentedLog log = log(channel);
        log.finishRolls();
        Tally tally = new Tally();
        tally.records = from.records();
        tally.lastCycle = from.lastCycle();
        int segment = log.lastSegment();
        long start = from.liveBytes();
        tally.liveLines = from.liveLines();
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
                    tally.records++;
                    tally.lastCycle = count(line, tally.lastCycle, ids);
                }
            }
            start = 0;
            tally.liveLines = 0;
        }
        recoverLive(log, start, committed, tally, ids);
        return new RunnerCheckpoint.ChannelMark(
                tally.records, segment, log.liveSize(), tally.liveLines, tally.lastCycle);
    }

    /** Counts the live file's lines from {@code start}, dropping those of cycles after {@code committed}. */
    private static void recoverLive(SegmentedLog log, long start, long committed, Tally tally, Consumer<String> ids)
            throws IOException {
        List<SegmentedLog.Line> lines = log.readFrom(start);
        int firstDropped = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (uncommitted(lines.get(i).json(), committed)) {
                firstDropped = Math.min(firstDropped, i);
                continue;
            }
            tally.records++;
            tally.liveLines++;
            tally.lastCycle = count(lines.get(i).json(), tally.lastCycle, ids);
        }
        if (firstDropped == lines.size()) {
            return;
        }
        long offset = lines.get(firstDropped).offset();
        boolean keptAfter =
                lines.subList(firstDropped, lines.size()).stream().anyMatch(l -> !uncommitted(l.json(), committed));
        if (keptAfter) {
            log.keepFrom(offset, l -> !uncommitted(l, committed));
        } else {
            log.truncate(offset);
        }
    }

    private static boolean uncommitted(JsonObject line, long committed) {
        Long cycle = line.getLong("cycle_id");
        return cycle != null && cycle > committed;
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
