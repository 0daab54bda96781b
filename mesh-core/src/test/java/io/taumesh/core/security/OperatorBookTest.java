package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.testing.OperatorsFiles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Named operators: the operators file, sign-in with expiry, and the roles")
class OperatorBookTest {

    static final String TOKEN = "unit-test-token-000000";
    static final String VIEWER = "viewer-secret-0123456789abcdef";
    static final String OPERATOR = "operator-secret-0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path dir;

    static JsonObject book(JsonObject... operators) {
        return OperatorsFiles.book(operators);
    }

    static JsonObject entry(String name, String role, String secret) {
        return OperatorsFiles.named(name, role, secret);
    }

    @Test
    @DisplayName("a secret signs in as its operator, the entrance's token as its admin; a wrong one as nobody")
    void signIn() {
        OperatorBook book = OperatorBook.of(OperatorBook.TOKEN_OPERATOR, TOKEN)
                .with(OperatorsFile.parse(book(entry("vera", "viewer", VIEWER), entry("otto", "operator", OPERATOR))));
        assertThat(book.signIn(VIEWER)).contains(new OperatorBook.Operator("vera", OperatorRole.VIEWER));
        assertThat(book.signIn(OPERATOR)).contains(new OperatorBook.Operator("otto", OperatorRole.OPERATOR));
        assertThat(book.signIn(TOKEN)).contains(new OperatorBook.Operator("operator", OperatorRole.ADMIN));
        assertThat(book.signIn("guessed-0123456789abcdef")).isEmpty();
        assertThat(book.signIn(null)).isEmpty();
        assertThat(book.named()).isEqualTo(2);
        assertThat(OperatorBook.none().with(List.of()).signIn(TOKEN))
                .as("no token of its own")
                .isEmpty();
    }

    @Test
    @DisplayName("a secret signs in until its expires_at, and from then on is told apart as expired, not as nobody")
    void expiry() {
        Instant until = NOW.plusSeconds(60);
        OperatorBook book = OperatorBook.of(OperatorBook.OWNER, TOKEN)
                .with(OperatorsFile.parse(book(entry("vera", "viewer", VIEWER).put("expires_at", until.toString()))));
        OperatorBook.SignIn before = book.signIn(VIEWER, NOW);
        assertThat(before.signedIn()).contains(new OperatorBook.Operator("vera", OperatorRole.VIEWER));
        assertThat(before.expiresAt()).isEqualTo(until);
        OperatorBook.SignIn at = book.signIn(VIEWER, until);
        assertThat(at.expired()).isTrue();
        assertThat(at.signedIn()).isEmpty();
        assertThat(at.operator()).isEqualTo(new OperatorBook.Operator("vera", OperatorRole.VIEWER));
        assertThat(book.signIn(TOKEN, until.plusSeconds(86_400)).signedIn())
                .as("the entrance's own token does not expire")
                .contains(new OperatorBook.Operator("owner", OperatorRole.ADMIN));
        assertThat(book.signIn("guessed-0123456789abcdef", NOW).expired()).isFalse();
    }

    @Test
    @DisplayName("a bad operators file is refused naming the field")
    void badFile() {
        assertThatThrownBy(() -> OperatorsFile.parse(book(entry("vera", "boss", VIEWER))))
                .isInstanceOf(FieldError.class)
                .hasMessage("operators[0].role: must be one of viewer, operator, admin, got \"boss\"");
        assertThatThrownBy(() -> OperatorsFile.parse(book(entry("Vera!", "viewer", VIEWER))))
                .hasMessageStartingWith("operators[0].name: must be 1-64 characters of [a-z0-9._-]");
        assertThatThrownBy(() -> OperatorsFile.parse(book(entry("operator", "viewer", VIEWER))))
                .hasMessageStartingWith("operators[0].name: 'operator' is used by another operator");
        assertThatThrownBy(() -> OperatorsFile.parse(book(entry("owner", "viewer", VIEWER))))
                .hasMessageStartingWith("operators[0].name: 'owner' is used by another operator");
        assertThatThrownBy(() ->
                        OperatorsFile.parse(book(entry("vera", "viewer", VIEWER).put("secret_sha256", "abc"))))
                .hasMessage("operators[0].secret_sha256: must be the 64 lowercase hex digits of a SHA-256");
        assertThatThrownBy(() -> OperatorsFile.parse(book(
                        entry("vera", "viewer", VIEWER),
                        entry("otto", "viewer", OPERATOR).put("expires_at", "soon"))))
                .hasMessage("operators[1].expires_at: must be an instant such as 2027-01-31T18:00:00Z, got \"soon\"");
        assertThatThrownBy(() -> OperatorsFile.parse(new JsonObject().put("schema_version", 2)))
                .hasMessageStartingWith("schema_version: must be 1");
    }

    @Test
    @DisplayName("an add writes the digest only, owner-only, with its expiry; the file names itself in an error")
    void add() throws Exception {
        Path file = dir.resolve("ops").resolve("operators.json");
        String secret = OperatorsFile.add(file, "vera", "viewer", NOW);
        assertThat(Files.readString(file)).doesNotContain(secret).contains(OperatorBook.hex(secret));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        OperatorsFile.Named vera = OperatorsFile.load(file).get(0);
        assertThat(vera.operator()).isEqualTo(new OperatorBook.Operator("vera", OperatorRole.VIEWER));
        assertThat(vera.expiresAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> OperatorsFile.add(file, "vera", "admin", null))
                .hasMessageContaining("'vera' is used by another operator")
                .hasMessageContaining("(in " + file + ")");
        Files.writeString(file, "[1]");
        assertThatThrownBy(() -> OperatorsFile.load(file)).hasMessageContaining("is not a JSON object");
    }

    @Test
    @DisplayName("the roles: a viewer takes no action, an operator the day-to-day ones, an admin every one")
    void roles() {
        assertThat(OperatorRole.VIEWER.permits("pause")).isFalse();
        assertThat(OperatorRole.OPERATOR.permits("pause")).isTrue();
        assertThat(OperatorRole.OPERATOR.permits("restart_child")).isTrue();
        assertThat(OperatorRole.OPERATOR.permits("quarantine_child")).isFalse();
        assertThat(OperatorRole.OPERATOR.permits("canary_abort")).isFalse();
        assertThat(OperatorRole.OPERATOR.permits(null)).isFalse();
        assertThat(OperatorRole.ADMIN.permits("quarantine_child")).isTrue();
        assertThat(OperatorRole.needed("canary_signoff")).isEqualTo(OperatorRole.ADMIN);
        assertThat(OperatorRole.actionOf(SupervisorCommand.RESTART)).isEqualTo("restart_child");
        assertThat(OperatorRole.actionOf(SupervisorCommand.SHUTDOWN)).isEqualTo("shutdown");
        assertThat(OperatorRole.OPERATOR.permits(OperatorRole.actionOf(SupervisorCommand.SHUTDOWN)))
                .isFalse();
        assertThat(OperatorRole.refusal(new OperatorBook.Operator("vera", OperatorRole.VIEWER), "pause"))
                .isEqualTo("vera (viewer) may not pause: it needs the operator role");
    }
}
