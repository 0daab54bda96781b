package io.taumesh.core.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.NumbersRuntime;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.testing.MalformedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed {@code state.json} of the corpus is refused with the file and the field named, never read half. */
@DisplayName("Malformed state files")
class MalformedStateFileTest {

    @TempDir
    Path dir;

    static List<MalformedCorpus.Case> cases() {
        return MalformedCorpus.cases("state-file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("is refused naming state.json and the field")
    void refused(MalformedCorpus.Case c) throws Exception {
        Files.write(dir.resolve(StateStore.STATE), c.bytes());
        StateStore store = new StateStore(dir, "gateway");
        assertThatThrownBy(store::loadState)
                .isInstanceOf(StateException.class)
                .hasMessageContaining(dir.resolve(StateStore.STATE).toString())
                .satisfies(e ->
                        assertThat(e.getMessage()).contains(c.field().equals("$") ? "not a JSON object" : c.field()));
        // And a good state is read as before, by the same store.
        Files.writeString(
                dir.resolve(StateStore.STATE),
                MeshJson.toJsonString(RunnerState.initial("gateway", 4, NumbersRuntime.ALWAYS_PASS)));
        assertThat(store.loadState()).isPresent();
    }
}
