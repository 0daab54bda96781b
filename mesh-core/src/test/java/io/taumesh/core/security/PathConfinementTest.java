package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Path confinement")
class PathConfinementTest {

    @TempDir
    Path work;

    @Test
    @DisplayName("takes a file under the root, relative or absolute, and refuses every way out, naming the field")
    void confines() throws Exception {
        Path root = Files.createDirectories(work.resolve("fixtures"));
        Path inside = Files.writeString(
                Files.createDirectories(root.resolve("gateway")).resolve("a.json"), "{}");
        Path secret = Files.writeString(work.resolve("secret.json"), "{}");
        Files.createSymbolicLink(root.resolve("out.json"), secret);
        Files.createSymbolicLink(root.resolve("in.json"), inside);
        PathConfinement confined = new PathConfinement(root, "fixture");

        assertThat(confined.resolve("gateway/a.json")).isEqualTo(inside.toRealPath());
        assertThat(confined.resolve(inside.toString())).isEqualTo(inside.toRealPath());
        assertThat(confined.resolve("in.json")).as("a link that stays inside").isEqualTo(inside.toRealPath());

        for (Object hostile : new Object[] {
            "../secret.json",
            secret.toString(),
            "gateway/../../secret.json",
            "out.json",
            "gateway",
            "missing.json",
            "",
            "a\u0000b",
            7,
            null
        }) {
            assertThatThrownBy(() -> confined.resolve(hostile))
                    .as("%s", hostile)
                    .isInstanceOfSatisfying(
                            FieldError.class, e -> assertThat(e.field()).isEqualTo("fixture"));
        }
        assertThatThrownBy(() -> new PathConfinement(work.resolve("absent"), "fixture").resolve("a.json"))
                .isInstanceOf(FieldError.class)
                .hasMessageContaining("does not exist");
    }
}
