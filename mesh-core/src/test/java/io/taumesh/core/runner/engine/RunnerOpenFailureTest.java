package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.NumbersRuntime;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A runner that cannot be built")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class RunnerOpenFailureTest {

    @TempDir
    Path work;

    /** A runtime whose fixture format cannot even be described: building its runner fails after the dir is taken. */
    private static final CaseProcessor BROKEN = new CaseProcessor() {
        @Override
        public Set<String> caseFields() {
            throw new IllegalStateException("this runtime's case fields cannot be read");
        }

        @Override
        public Optional<FieldError> validate(JsonObject c) {
            return Optional.empty();
        }

        @Override
        public Future<CaseResult> process(FixtureEntry.Valid c, int attempt, Correlation correlation) {
            return Future.succeededFuture(CaseResult.of(200, new JsonObject()));
        }
    };

    @Test
    @DisplayName("lets go of its state dir, so that the next start (a supervisor's restart) takes it")
    void releasesTheStateDir(Vertx vertx) throws Exception {
        RunnerSettings settings = new RunnerSettings(work.resolve("state"), List.of(), 10, 0, RetryPolicy.DEFAULT);
        OnContext on = new OnContext(vertx);
        RuntimeProfile broken = new RuntimeProfile("numbers", "channel_id", BROKEN, NumbersRuntime.ALWAYS_PASS);

        assertThatThrownBy(() -> on.await(() -> ContractRunner.open(vertx, broken, settings)))
                .hasMessageContaining("case fields cannot be read");

        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings));
        assertThat(runner.state().runtime()).isEqualTo("numbers");
        on.await(runner::close);
    }
}
