package io.taumesh.gateway;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.control.RunnerBatch;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/** The gateway runtime assembled: the engine with the gateway's ingress as processor and its guardrails as gate. */
public final class GatewayRuntime {

    public static final String RUNTIME = "gateway";
    public static final String CHANNEL_FIELD = "actor_id";

    private final ContractRunner runner;
    private final ActorIngress ingress;

    private GatewayRuntime(ContractRunner runner, ActorIngress ingress) {
        this.runner = runner;
        this.ingress = ingress;
    }

    /** Opens the state dir and queues the configured fixtures (resuming where the last run stopped). */
    public static Future<GatewayRuntime> open(Vertx vertx, GatewaySettings settings) {
        ActorIngress ingress = new ActorIngress();
        RuntimeProfile profile =
                new RuntimeProfile(RUNTIME, CHANNEL_FIELD, new GatewayCaseProcessor(ingress), settings.guardrails());
        return ContractRunner.open(vertx, profile, settings.runner()).compose(runner -> {
            ingress.resumeFrom(runner::channelRecords);
            runner.onRenumber(ingress::forget);
            return runner.enqueue(settings.runner().fixtures(), false)
                    .map(queued -> new GatewayRuntime(runner, ingress))
                    .recover(err -> runner.close().transform(closed -> Future.failedFuture(err)));
        });
    }

    /**
     * The foreground contract runner: opens, runs cycles until the fixtures are drained (or {@code maxCycles}),
     * releases the state dir, and completes with the runtime (closed, its state still readable). Call on a
     * Vert.x context.
     */
    public static Future<GatewayRuntime> runToCompletion(
            Vertx vertx, GatewaySettings settings, int maxCycles, Consumer<CycleReport> progress) {
        return open(vertx, settings)
                .compose(runtime -> RunnerBatch.drain(runtime.runner, maxCycles, Correlation.fresh(), progress)
                        .eventually(runtime::close)
                        .map(runtime));
    }

    /** Lets a cycle in progress commit and releases the state dir. */
    public Future<Void> close() {
        return runner.close();
    }

    public ContractRunner runner() {
        return runner;
    }

    public ActorIngress ingress() {
        return ingress;
    }
}
