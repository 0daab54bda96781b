package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.testing.LogCapture;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An entrance's operators follow the operators file without a restart")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class LiveOperatorsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("an operator added while it runs signs in within seconds; a file turned bad keeps those read before")
    void followsTheFile(Vertx vertx) throws Exception {
        Path file = dir.resolve("operators.json");
        String vera = OperatorsFile.add(file, "vera", "viewer", null);
        LiveOperators live =
                LiveOperators.start(vertx, OperatorBook.none(), file, "test").await(10, TimeUnit.SECONDS);
        try {
            assertThat(live.get().signIn(vera)).isPresent();
            String otto = OperatorsFile.add(file, "otto", "operator", null);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> live.get().signIn(otto).isPresent());
            List<String> warnings;
            try (LogCapture log = LogCapture.of(Logger.getLogger(LiveOperators.class.getName()))) {
                Files.writeString(file, "{\"schema_version\": 1, \"operators\": [{\"name\": \"x\"}]}");
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .until(() ->
                                log.messages().stream().anyMatch(w -> w.contains("kept the operators read before")));
                warnings = log.messages();
            }
            assertThat(warnings).anyMatch(w -> w.contains("operators[0].role: must be one of viewer, operator, admin"));
            assertThat(live.get().signIn(otto)).isPresent();
            assertThat(live.get().named()).isEqualTo(2);
        } finally {
            live.stop();
        }
    }

    @Test
    @DisplayName("a file not made yet names nobody; its first operator signs in once it is made")
    void notMadeYet(Vertx vertx) throws Exception {
        Path file = dir.resolve("later").resolve("operators.json");
        LiveOperators live = LiveOperators.start(
                        vertx, OperatorBook.of(OperatorBook.OWNER, "owner-token-0123456789"), file, "test")
                .await(10, TimeUnit.SECONDS);
        try {
            assertThat(live.get().named()).isZero();
            assertThat(live.get().signIn("owner-token-0123456789")).isPresent();
            String vera = OperatorsFile.add(file, "vera", "viewer", null);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> live.get().signIn(vera).isPresent());
        } finally {
            live.stop();
        }
    }

    @Test
    @DisplayName("a bad file at start stops the start, naming the file and the field")
    void badAtStart(Vertx vertx) throws Exception {
        Path file = dir.resolve("operators.json");
        Files.writeString(file, "{\"schema_version\": 1, \"operators\": [{\"name\": \"vera\", \"role\": \"boss\"}]}");
        assertThatThrownBy(() -> LiveOperators.start(vertx, OperatorBook.none(), file, "test")
                        .await(10, TimeUnit.SECONDS))
                .hasMessageContaining("operators[0].role: must be one of viewer, operator, admin")
                .hasMessageContaining(file.toString());
    }
}
