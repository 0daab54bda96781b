package io.taumesh.core.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Segmented JSON-lines log")
class SegmentedLogTest {

    @TempDir
    Path dir;

    private static List<String> lines(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i ->
                        new JsonObject().put("n", i).put("pad", "x".repeat(100)).encode())
                .toList();
    }

    private static List<Integer> numbers(SegmentedLog log) throws Exception {
        List<Integer> out = new ArrayList<>();
        log.forEach(o -> out.add(o.getInteger("n")));
        return out;
    }

    @Test
    @DisplayName("rolls into compressed segments past its size, keeps the newest, and replays what it kept in order")
    void rollsAndKeeps() throws Exception {
        SegmentedLog log = new SegmentedLog(dir.resolve("runtime-events.jsonl"), new LogRetention(4096, 2));
        int rolls = 0;
        for (int i = 0; i < 200; i += 10) {
            rolls += log.append(lines(i, i + 10)) > 0 ? 1 : 0;
        }
        assertThat(rolls).isGreaterThan(2);
        List<Path> kept = log.segments();
        assertThat(kept)
                .hasSize(2)
                .allSatisfy(
                        p -> assertThat(p.getFileName().toString()).matches("runtime-events\\.\\d{6}\\.jsonl\\.gz"));
        assertThat(log.keptSegments()).isEqualTo(2);
        // The live file ends with the newest line, and the replay is in order and ends there too.
        List<Integer> replayed = numbers(log);
        assertThat(replayed.get(replayed.size() - 1)).isEqualTo(199);
        assertThat(replayed).isSorted().doesNotHaveDuplicates();
        assertThat(replayed.get(0)).isGreaterThan(0); // the oldest segments are gone
        assertThat(log.tail(3).lines()).extracting(o -> o.getInteger("n")).containsExactly(197, 198, 199);
    }

    @Test
    @DisplayName("the tail skips a torn last line and says so; a short file gives what it has")
    void tail() throws Exception {
        SegmentedLog log = new SegmentedLog(dir.resolve("outputs.jsonl"), LogRetention.DEFAULT);
        log.append(lines(0, 3));
        Files.writeString(log.live(), "{\"n\":3,\"pa", StandardOpenOption.APPEND);
        SegmentedLog.Tail tail = log.tail(10);
        assertThat(tail.torn()).isTrue();
        assertThat(tail.lines()).extracting(o -> o.getInteger("n")).containsExactly(0, 1, 2);
        assertThat(log.tail(2).lines()).extracting(o -> o.getInteger("n")).containsExactly(1, 2);
        assertThat(numbers(log)).containsExactly(0, 1, 2);
    }

    @Test
    @DisplayName("a roll that a crash interrupted (segment renamed, not compressed) is finished at the next start")
    void finishesInterruptedRoll() throws Exception {
        SegmentedLog log = new SegmentedLog(dir.resolve("runtime-events.jsonl"), LogRetention.DEFAULT);
        log.append(lines(0, 5));
        Files.createDirectories(dir.resolve("segments"));
        Files.move(log.live(), dir.resolve("segments/runtime-events.000001.jsonl"));
        log.append(lines(5, 7));

        log.finishRolls();
        assertThat(log.segments())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("runtime-events.000001.jsonl.gz");
        assertThat(Files.exists(dir.resolve("segments/runtime-events.000001.jsonl")))
                .isFalse();
        assertThat(numbers(log)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    @DisplayName("reads from an offset and cuts back to one")
    void readFromAndTruncate() throws Exception {
        SegmentedLog log = new SegmentedLog(dir.resolve("outputs.jsonl"), LogRetention.DEFAULT);
        log.append(lines(0, 4));
        List<SegmentedLog.Line> all = log.readFrom(0);
        assertThat(all).hasSize(4);
        assertThat(log.readFrom(all.get(2).offset()))
                .extracting(l -> l.json().getInteger("n"))
                .containsExactly(2, 3);
        log.truncate(all.get(3).offset());
        assertThat(numbers(log)).containsExactly(0, 1, 2);
    }
}
