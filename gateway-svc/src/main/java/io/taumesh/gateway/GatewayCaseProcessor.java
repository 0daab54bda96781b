package io.taumesh.gateway;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.engine.CaseProcessor;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.Future;
import java.util.Set;

/**
 * A gateway fixture case is an actor request: {@code request} is what an HTTP client would post. The fixture schema
 * asks for it as an object; what it says is the gateway's to judge when it runs the case, since a fixture may expect
 * a refusal.
 */
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
    public Future<CaseResult> process(FixtureEntry.Valid testCase, int attempt, Correlation correlation) {
        return Future.succeededFuture(
                ingress.handle(testCase.channelId(), testCase.input().getValue("request"), correlation));
    }
}
