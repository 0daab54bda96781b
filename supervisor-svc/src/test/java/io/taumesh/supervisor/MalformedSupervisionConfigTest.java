package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.testing.MalformedCorpus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Malformed supervision configs")
class MalformedSupervisionConfigTest {

    static List<MalformedCorpus.Case> cases() {
        return MalformedCorpus.cases("supervision-config");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("is refused naming the field; the repository's own config still loads")
    void refused(MalformedCorpus.Case c) {
        assertThatThrownBy(() -> SupervisionConfig.load(c.file()))
                .isInstanceOfSatisfying(
                        FieldError.class,
                        e -> assertThat(e.field())
                                .as("%s: %s", c, e.getMessage())
                                .isEqualTo(c.field()));
        Path good = MalformedCorpus.root().getParent().resolve("supervisor").resolve("mesh.json");
        assertThat(SupervisionConfig.load(good).children()).isNotEmpty();
    }
}
