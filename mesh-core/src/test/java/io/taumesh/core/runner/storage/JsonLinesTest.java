package io.taumesh.core.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Append-only JSON lines")
class JsonLinesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("skip a torn last line on read and cut it off before the next append")
    void tornTail() throws Exception {
        Path file = dir.resolve("events.jsonl");
        JsonLines.append(file, List.of("{\"n\":1}", "{\"n\":2}"));
        Files.writeString(file, "{\"n\":3,\"tor", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        JsonLines.Read torn = JsonLines.read(file);
        assertThat(torn.objects()).extracting(o -> o.getInteger("n")).containsExactly(1, 2);
        assertThat(torn.tornTail()).isTrue();
        assertThat(torn.invalidLines()).isEmpty();

        JsonLines.append(file, List.of("{\"n\":4}"));
        assertThat(Files.readString(file)).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":4}\n");
        assertThat(JsonLines.read(file).tornTail()).isFalse();
    }

    @Test
    @DisplayName("report a line in the middle that is not a JSON object by its number, and keep reading")
    void invalidMiddleLine() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"n\":1}\nnot json\n[1,2]\n{\"n\":4}\n");
        JsonLines.Read read = JsonLines.read(file);
        assertThat(read.objects()).extracting(o -> o.getInteger("n")).containsExactly(1, 4);
        assertThat(read.invalidLines()).containsExactly(2, 3);
        assertThat(read.tornTail()).isFalse();
    }

    @Test
    @DisplayName("treat a missing file as empty and a file of only a torn line as empty after the cut")
    void missingAndOnlyTorn() throws Exception {
        Path file = dir.resolve("none.jsonl");
        assertThat(JsonLines.read(file).objects()).isEmpty();
        Files.writeString(file, "{\"half");
        JsonLines.cutTornTail(file);
        assertThat(Files.size(file)).isZero();
    }
}
