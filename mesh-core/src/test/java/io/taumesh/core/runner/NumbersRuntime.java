package io.taumesh.core.runner;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.CaseProcessor;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The runtime the runner's own tests use: cases carry a {@code value} that must be a number, and the gate always passes. */
public final class NumbersRuntime {

    /** Validates {@code value}; processes every case with a 200. */
    public static final CaseProcessor PROCESSOR = new CaseProcessor() {
        @Override
        public Set<String> caseFields() {
            return Set.of("value");
        }

        @Override
        public Optional<FieldError> validate(JsonObject c) {
            return c.getValue("value") instanceof Number
                    ? Optional.empty()
                    : Optional.of(new FieldError("value", "must be a number"));
        }

        @Override
        public Future<CaseResult> process(FixtureEntry.Valid c, int attempt, Correlation correlation) {
            return Future.succeededFuture(CaseResult.of(200, new JsonObject()));
        }
    };

    public static final RolloutPolicy ALWAYS_PASS = new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            return new Decision(RolloutGate.PASS, "always", List.of());
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "always_pass");
        }
    };

    public static final RuntimeProfile PROFILE = new RuntimeProfile("numbers", "channel_id", PROCESSOR, ALWAYS_PASS);

    private NumbersRuntime() {}
}
