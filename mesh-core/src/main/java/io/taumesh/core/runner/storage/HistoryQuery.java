package io.taumesh.core.runner.storage;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.wire.HistoryWindow;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A time window of a runtime's event log, downsampled: the cost is the cycles inside the window (and one line of each
 * newer segment), not the length of the history, since the live file is read backwards only as far as the window and
 * the segments before the window are never opened. Blocking.
 */
public final class HistoryQuery {

    /** Lines read back from the end of the live file at first: a 5-minute window of one cycle a second, and some. */
    private static final int FIRST_STEP = 512;

    private final SegmentedLog events;

    public HistoryQuery(SegmentedLog events) {
        this.events = events;
    }

    /** The cycles committed in the {@code windowMs} before {@code nowMs}, in {@code points} buckets. */
    public HistoryWindow window(String runtime, long nowMs, long windowMs, int points) throws IOException {
        long bucketMs = Math.max(1, (windowMs + points - 1) / points);
        long from = nowMs - bucketMs * points;
        Buckets buckets = new Buckets(from, nowMs, bucketMs, points);
        if (liveBackTo(from, buckets)) {
            for (Path segment : segmentsFrom(from)) {
                try {
                    LogFileReads.stream(segment, buckets::add);
                } catch (NoSuchFileException e) {
                    // Compressed since it was listed (an open file stays readable): the compressed copy holds the same.
                    LogFileReads.stream(segment.resolveSibling(segment.getFileName() + ".gz"), buckets::add);
                }
            }
        }
        return new HistoryWindow(
                MeshMessage.SCHEMA_VERSION, runtime, from, nowMs, bucketMs, buckets.total, buckets.points(), null);
    }

    /**
     * Adds the live file's lines from the newest back to the first before {@code from}, read backwards in steps sized
     * by the rate of the lines already read: a short window reads its own lines, not the whole file. True when the window reaches back past the live
     * file's first line, into the segments.
     */
    private boolean liveBackTo(long from, Buckets buckets) throws IOException {
        int max = FIRST_STEP;
        while (true) {
            List<JsonObject> lines = events.tail(max).lines();
            boolean wholeFile = lines.size() < max;
            long oldest = lines.isEmpty() ? Long.MAX_VALUE : lines.get(0).getLong("timestamp_unix_ms", Long.MAX_VALUE);
            if (wholeFile || oldest < from) {
                lines.forEach(buckets::add);
                return wholeFile;
            }
            // The next step from the rate of the lines read: as many as reach back to the window's start, and a margin.
            long newest = lines.get(lines.size() - 1).getLong("timestamp_unix_ms", oldest);
            double perMs = lines.size() / (double) Math.max(1, newest - oldest);
            long needed = (long) (perMs * (newest - from) * 1.25) + FIRST_STEP;
            max = (int) Math.min(Integer.MAX_VALUE / 2, Math.max(2L * max, needed));
        }
    }

    /** The kept segments that may hold a cycle at or after {@code from}: from the newest back to the one it falls in. */
    private List<Path> segmentsFrom(long from) throws IOException {
        List<Path> all = events.segments();
        int oldest = all.size();
        while (oldest > 0) {
            oldest--;
            JsonObject first;
            try {
                first = LogFileReads.first(all.get(oldest));
            } catch (NoSuchFileException e) {
                continue;
            }
            if (first != null && first.getLong("timestamp_unix_ms", Long.MAX_VALUE) <= from) {
                break;
            }
        }
        return all.subList(oldest, all.size());
    }

    /** Sums of each bucket, filled line by line. */
    private static final class Buckets {
        private final long from;
        private final long to;
        private final long bucketMs;
        private final int[] cycles;
        private final long[] durationSum;
        private final long[] durationMax;
        private final long[][] outcomes;
        private final int[] streakMax;
        private final int[] queueMax;
        private final int[] health;
        private final int[] gate;
        private long total;

        Buckets(long from, long to, long bucketMs, int points) {
            this.from = from;
            this.to = to;
            this.bucketMs = bucketMs;
            cycles = new int[points];
            durationSum = new long[points];
            durationMax = new long[points];
            outcomes = new long[4][points];
            streakMax = new int[points];
            queueMax = new int[points];
            health = new int[points];
            gate = new int[points];
            Arrays.fill(health, -1);
            Arrays.fill(gate, -1);
        }

        void add(JsonObject line) {
            long at = line.getLong("timestamp_unix_ms", -1L);
            if (at < from || at > to) {
                return;
            }
            // The window's last instant belongs to its last bucket.
            int i = (int) Math.min((at - from) / bucketMs, cycles.length - 1);
            total++;
            cycles[i]++;
            long duration = line.getLong("duration_ms", 0L);
            durationSum[i] += duration;
            durationMax[i] = Math.max(durationMax[i], duration);
            JsonObject counts = line.getJsonObject("counts", new JsonObject());
            String[] names = {"succeeded", "failed", "malformed", "duplicates"};
            for (int k = 0; k < names.length; k++) {
                outcomes[k][i] += counts.getLong(names[k], 0L);
            }
            streakMax[i] = Math.max(streakMax[i], line.getInteger("failure_streak", 0));
            queueMax[i] = Math.max(queueMax[i], counts.getInteger("queue_depth", 0));
            health[i] = Math.max(health[i], ordinal(HealthState.values(), line.getString("health_state")));
            gate[i] = Math.max(gate[i], ordinal(RolloutGate.values(), line.getString("rollout_gate")));
        }

        /** The place of a wire name among the values, worst last; -1 for none. */
        private static int ordinal(Enum<?>[] values, String wire) {
            for (Enum<?> value : values) {
                if (value.name().equalsIgnoreCase(String.valueOf(wire))) {
                    return value.ordinal();
                }
            }
            return -1;
        }

        List<HistoryWindow.Point> points() {
            List<HistoryWindow.Point> out = new ArrayList<>(cycles.length);
            for (int i = 0; i < cycles.length; i++) {
                out.add(new HistoryWindow.Point(
                        from + i * bucketMs,
                        cycles[i],
                        new HistoryWindow.Durations(cycles[i] == 0 ? 0 : durationSum[i] / cycles[i], durationMax[i]),
                        new HistoryWindow.Cases(outcomes[0][i], outcomes[1][i], outcomes[2][i], outcomes[3][i]),
                        new HistoryWindow.Worst(
                                streakMax[i],
                                queueMax[i],
                                health[i] < 0 ? null : HealthState.values()[health[i]].wire(),
                                gate[i] < 0 ? null : RolloutGate.values()[gate[i]].wire())));
            }
            return out;
        }
    }
}
