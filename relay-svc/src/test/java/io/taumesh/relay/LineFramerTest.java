package io.taumesh.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Newline framing")
class LineFramerTest {

    @Test
    @DisplayName(
            "splits frames across chunk boundaries and drops an oversized frame up to its newline, in one chunk or many")
    void framing() {
        List<String> frames = new ArrayList<>();
        int[] oversized = {0};
        LineFramer framer = new LineFramer(8, b -> frames.add(b.toString()), () -> oversized[0]++);
        framer.feed(Buffer.buffer("ab"));
        framer.feed(Buffer.buffer("c\nde\n"));
        framer.feed(Buffer.buffer("0123456789\nok\n"));
        framer.feed(Buffer.buffer("0123456"));
        framer.feed(Buffer.buffer("789abc"));
        framer.feed(Buffer.buffer("def\nlast\n"));
        assertThat(frames).containsExactly("abc", "de", "ok", "last");
        assertThat(oversized[0]).isEqualTo(2);
    }
}
