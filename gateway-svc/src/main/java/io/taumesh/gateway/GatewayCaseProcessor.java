package io.taumesh.gateway;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.CaseProcessor;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/** A gateway fixture case is an actor request: {@code request} is what an HTTP client would post. */
final class GatewayCaseProcessor implements CaseProcessor {

    private final ActorIngress ingress;

    GatewayCaseProcessor(ActorIngress ingress) {
        this.ingress = ingress;
    }

    @Override
    public Set<String> caseFields() {
        return Set.of("request");
    }

    @Override
    public Optional<FieldError> validate(JsonObject caseJson) {
        Object request = caseJson.getValue("request");
        if (request == null) {
            return Optional.of(new FieldError("request", "is required (the body an actor would post)"));
        }
        if (!(request instanceof JsonObject)) {
            return Optional.of(new FieldError("request", "must be an object"));
        }
        // What the request says is the gateway's to judge at run time: a fixture may expect a refusal.
        return Optional.empty();
    }

    @Override
    public Future<CaseResult> process(FixtureEntry.Valid testCase, int attempt, Correlation correlation) {
        return Future.succeededFuture(
                ingress.handle(testCase.channelId(), testCase.input().getValue("request"), correlation));
    }
}
