package io.taumesh.core.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.OutputRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start drops the lines of cycles that never committed, and only those. */
@DisplayName("A channel's recovery")
class ChannelRecoveryTest {

    @TempDir
    Path work;

    private static OutputRecord line(String caseId, Long cycleId, String requestId) {
        return new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin(caseId, "a", cycleId, cycleId == null ? "http" : "fixture", requestId),
                new OutputRecord.Verdict(CaseOutcome.SUCCEEDED, 1, 200, Map.of(), null),
                "2026-12-05T00:00:00Z");
    }

    private List<String> requestIds(ChannelStore store) throws Exception {
        List<String> ids = new ArrayList<>();
        store.log("a").forEach(l -> ids.add(l.getString("request_id")));
        return ids;
    }

    @Test
    @DisplayName("an acknowledged record written after an uncommitted cycle's line is kept, byte for byte")
    void keepsRecordsAfterUncommittedLines() throws Exception {
        ChannelStore store = new ChannelStore(work, "numbers", LogRetention.DEFAULT);
        store.append(Map.of("a", List.of(line("c-1", 1L, "first"))));
        store.append(Map.of("a", List.of(line("c-2", 2L, "never-committed"))));
        store.append(Map.of("a", List.of(line(null, null, "acknowledged"))));
        String acknowledged = Files.readAllLines(store.log("a").live(), StandardCharsets.UTF_8)
                .get(2);

        ChannelStore restarted = new ChannelStore(work, "numbers", LogRetention.DEFAULT);
        ChannelStore.Recovered recovered = restarted.recover(1, RunnerCheckpoint.NONE);

        assertThat(recovered.recordsPerChannel()).containsEntry("a", 2L);
        assertThat(recovered.caseIdsSinceCheckpoint()).containsExactly("c-1");
        assertThat(requestIds(restarted)).containsExactly("first", "acknowledged");
        assertThat(Files.readAllLines(restarted.log("a").live(), StandardCharsets.UTF_8)
                        .get(1))
                .isEqualTo(acknowledged);
        assertThat(recovered.marks().get("a").liveBytes())
                .isEqualTo(Files.size(restarted.log("a").live()));
    }

    @Test
    @DisplayName("uncommitted lines that end the log are cut off, and a torn tail with them")
    void cutsUncommittedTail() throws Exception {
        ChannelStore store = new ChannelStore(work, "numbers", LogRetention.DEFAULT);
        store.append(Map.of("a", List.of(line("c-1", 1L, "first"), line("c-2", 2L, "never-committed"))));
        Files.writeString(store.log("a").live(), "{\"torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        ChannelStore restarted = new ChannelStore(work, "numbers", LogRetention.DEFAULT);
        ChannelStore.Recovered recovered = restarted.recover(1, RunnerCheckpoint.NONE);

        assertThat(recovered.recordsPerChannel()).containsEntry("a", 1L);
        assertThat(requestIds(restarted)).containsExactly("first");
        assertThat(Files.readString(restarted.log("a").live())).endsWith("\n").doesNotContain("torn");
    }
}
