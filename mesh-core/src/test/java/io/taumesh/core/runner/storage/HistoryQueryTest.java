package io.taumesh.core.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.runner.wire.HistoryWindow;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A time window of the event log")
class HistoryQueryTest {

    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;

    /** A cycle line as the runner writes it, with what the query reads. */
    private static String cycle(long at, long durationMs, boolean failing, int queueDepth) {
        return new JsonObject()
                .put("schema_version", 1)
                .put("timestamp_unix_ms", at)
                .put("duration_ms", durationMs)
                .put(
                        "counts",
                        new JsonObject()
                                .put("succeeded", failing ? 0 : 2)
                                .put("failed", failing ? 2 : 0)
                                .put("malformed", 0)
                                .put("duplicates", 1)
                                .put("queue_depth", queueDepth))
                .put("failure_streak", failing ? 3 : 0)
                .put("health_state", failing ? "failing" : "healthy")
                .put("rollout_gate", failing ? "hold" : "pass")
                .encode();
    }

    /** One cycle a second for {@code seconds} up to NOW, in small segments, the newest in the live file. */
    private SegmentedLog history(int seconds) throws IOException {
        return history(seconds, 16 * 1024);
    }

    private SegmentedLog history(int seconds, long segmentBytes) throws IOException {
        SegmentedLog log = new SegmentedLog(dir.resolve("runtime-events.jsonl"), new LogRetention(segmentBytes, 1000));
        for (int k = seconds; k >= 0; k--) {
            log.append(List.of(cycle(NOW - k * 1000L, k % 7, k == 42, k % 5)));
        }
        return log;
    }

    @Test
    @DisplayName("buckets the window's cycles with their sums, maxima and worst states, oldest first")
    void buckets() throws Exception {
        SegmentedLog log = history(1200);
        HistoryWindow window = new HistoryQuery(log).window("gateway", NOW, 300_000, 60);

        assertThat(window.fromMs()).isEqualTo(NOW - 300_000);
        assertThat(window.bucketMs()).isEqualTo(5_000);
        assertThat(window.points()).hasSize(60);
        assertThat(window.cycles())
                .as("a cycle a second for 300 s, both ends in")
                .isEqualTo(301);
        assertThat(window.points().get(0).cycles()).isEqualTo(5);
        assertThat(window.points().get(59).cycles())
                .as("the last instant in the last bucket")
                .isEqualTo(6);
        HistoryWindow.Point failing = window.points().stream()
                .filter(p -> p.at() <= NOW - 42_000 && NOW - 42_000 < p.at() + 5_000)
                .findFirst()
                .orElseThrow();
        assertThat(failing.worst().health()).isEqualTo("failing");
        assertThat(failing.worst().gate()).isEqualTo("hold");
        assertThat(failing.cases().failed()).isEqualTo(2);
        assertThat(failing.worst().failureStreakMax()).isEqualTo(3);
        assertThat(window.points().get(0).worst().health()).isEqualTo("healthy");
        assertThat(window.points().get(0).worst().queueDepthMax()).isEqualTo(4);
        assertThat(window.points().get(0).durations().durationMsMax()).isEqualTo(6);
        assertThat(window.points().get(0).cases().duplicates()).isEqualTo(5);
    }

    @Test
    @DisplayName("a bucket without a cycle has no health and no gate")
    void emptyBuckets() throws Exception {
        SegmentedLog log = history(10);
        HistoryWindow window = new HistoryQuery(log).window("gateway", NOW, 3_600_000, 120);
        assertThat(window.cycles()).isEqualTo(11);
        assertThat(window.points().get(0).cycles()).isZero();
        assertThat(window.points().get(0).worst().health()).isNull();
        assertThat(window.points().get(0).worst().gate()).isNull();
        assertThat(window.points().get(119).worst().health()).isEqualTo("healthy");
    }

    @Test
    @DisplayName("never opens a segment that ends before the window: its cost is the window's, not the history's")
    void olderSegmentsUnread() throws Exception {
        SegmentedLog log = history(3600);
        List<Path> segments = new ArrayList<>(log.segments());
        assertThat(segments).hasSizeGreaterThan(10);
        // The oldest segment made unreadable: a query that opened it would fail.
        Files.write(segments.get(0), new byte[] {1, 2, 3});

        HistoryWindow recent = new HistoryQuery(log).window("gateway", NOW, 300_000, 60);
        assertThat(recent.cycles()).isEqualTo(301);
        assertThatThrownBy(() -> new HistoryQuery(log).window("gateway", NOW, 86_400_000, 60))
                .as("a window that reaches back into it reads it")
                .isInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("reads a long live file back only as far as the window, and leaves a torn last line out")
    void longLiveFile() throws Exception {
        SegmentedLog log = history(5000, 64L * 1024 * 1024);
        assertThat(log.segments()).as("everything in the live file").isEmpty();
        Files.writeString(log.live(), "{\"timestamp_unix_ms\": " + NOW, StandardOpenOption.APPEND);

        assertThat(new HistoryQuery(log).window("gateway", NOW, 300_000, 60).cycles())
                .isEqualTo(301);
        assertThat(new HistoryQuery(log).window("gateway", NOW, 3_600_000, 60).cycles())
                .isEqualTo(3601);
        assertThat(new HistoryQuery(log).window("gateway", NOW, 86_400_000, 60).cycles())
                .isEqualTo(5001);
    }
}
