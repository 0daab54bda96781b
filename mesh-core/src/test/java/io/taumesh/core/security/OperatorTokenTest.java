package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Operator token")
class OperatorTokenTest {

    @Test
    @DisplayName("matches only itself, and never shows in a string")
    void matchesAndHides() {
        OperatorToken token = OperatorToken.of("operator-secret-0123456789");
        assertThat(token.matches("operator-secret-0123456789")).isTrue();
        assertThat(token.matches("operator-secret-012345678")).isFalse();
        assertThat(token.matches("operator-secret-01234567890")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).doesNotContain("secret").doesNotContain("0123456789");
        assertThat(String.valueOf(List.of(token))).doesNotContain("secret");
        assertThatThrownBy(() -> OperatorToken.of("short")).hasMessageNotContaining("short");
        OperatorToken generated = OperatorToken.generate();
        assertThat(generated.reveal())
                .hasSize(48)
                .isNotEqualTo(OperatorToken.generate().reveal());
    }
}
