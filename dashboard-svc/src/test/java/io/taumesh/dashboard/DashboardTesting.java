package io.taumesh.dashboard;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Shared set-up of the dashboard tests. */
final class DashboardTesting {

    static final Path FIXTURES = Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("fixtures")
            .resolve("dashboard");

    private DashboardTesting() {}

    static Path fixture(String name) {
        return FIXTURES.resolve(name);
    }

    static RunnerSettings settings(Path stateDir, int queueLimit, Path... fixtures) {
        return new RunnerSettings(stateDir, List.of(fixtures), queueLimit, 50, new RetryPolicy(3, 1, 5));
    }

    /** Stands in for the gateway's control address: accepts every action and remembers it. */
    static List<JsonObject> fakeGateway(Vertx vertx) throws Exception {
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.GATEWAY_CONTROL, msg -> {
                    received.add(msg.body());
                    MeshBus.reply(
                            msg,
                            new JsonObject()
                                    .put("result", "accepted")
                                    .put("reason", "applied " + msg.body().getString("action")));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
        return received;
    }

    record Run(DashboardRuntime runtime, List<CycleReport> cycles) {
        List<String> allReasonCodes() {
            return cycles.stream()
                    .flatMap(c -> ReasonCode.wires(c.results().reasonCodes()).stream())
                    .distinct()
                    .toList();
        }
    }

    static Run run(Vertx vertx, RunnerSettings settings) throws Exception {
        List<CycleReport> cycles = new ArrayList<>();
        DashboardRuntime runtime =
                new OnContext(vertx).await(() -> DashboardRuntime.runToCompletion(vertx, settings, 100, cycles::add));
        return new Run(runtime, cycles);
    }
}
