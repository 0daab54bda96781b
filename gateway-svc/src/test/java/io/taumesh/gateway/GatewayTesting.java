package io.taumesh.gateway;

import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up of the gateway tests: the repository's fixtures, settings, and runs to completion. */
final class GatewayTesting {

    /** Tests run in gateway-svc/; the fixtures are the repository's own. */
    static final Path FIXTURES = Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("fixtures")
            .resolve("gateway");

    private GatewayTesting() {}

    static Path fixture(String name) {
        return FIXTURES.resolve(name);
    }

    /** Defaults, with retries fast so that tests do not wait on backoff. */
    static GatewaySettings settings(Path stateDir, int queueLimit, Path... fixtures) {
        GatewaySettings s = new GatewaySettings(
                stateDir,
                List.of(fixtures),
                queueLimit,
                50,
                new RetryPolicy(3, 1, 5),
                GatewayGuardrails.DEFAULT,
                "127.0.0.1",
                0);
        // Replays read the repository's gateway fixtures, and nothing else.
        return new GatewaySettings(s.runner().withFixturesDir(FIXTURES), s.guardrails(), s.httpHost(), s.httpPort());
    }

    static GatewaySettings withGuardrails(GatewaySettings s, GatewayGuardrails g) {
        return new GatewaySettings(s.runner(), g, s.httpHost(), s.httpPort());
    }

    /** A finished run: the runtime and the reports of its cycles. */
    record Run(GatewayRuntime runtime, List<CycleReport> cycles) {
        List<String> allReasonCodes() {
            return cycles.stream()
                    .flatMap(c -> ReasonCode.wires(c.results().reasonCodes()).stream())
                    .distinct()
                    .toList();
        }
    }

    static Run run(Vertx vertx, GatewaySettings settings, int maxCycles) throws Exception {
        List<CycleReport> cycles = new ArrayList<>();
        GatewayRuntime runtime = new OnContext(vertx)
                .await(() -> GatewayRuntime.runToCompletion(vertx, settings, maxCycles, cycles::add));
        return new Run(runtime, cycles);
    }
}
