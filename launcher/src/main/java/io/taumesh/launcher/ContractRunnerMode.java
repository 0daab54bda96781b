package io.taumesh.launcher;

import io.taumesh.core.node.RunnerService;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.dashboard.DashboardRuntime;
import io.taumesh.gateway.GatewayGuardrails;
import io.taumesh.gateway.GatewayRuntime;
import io.taumesh.gateway.GatewaySettings;
import io.taumesh.gateway.GatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A runtime's contract runner in the foreground: cycles until its fixtures are drained, one line per cycle,
 * then a summary. It needs no cluster: state and events go to the state dir, which the inspect commands read.
 */
final class ContractRunnerMode {

    private final PrintStream out;

    ContractRunnerMode(PrintStream out) {
        this.out = out;
    }

    RunnerState runGateway(GatewaySettings settings, int maxCycles) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            Promise<GatewayRuntime> done = Promise.promise();
            vertx.getOrCreateContext()
                    .runOnContext(v -> GatewayRuntime.runToCompletion(vertx, settings, maxCycles, this::printCycle)
                            .onComplete(done));
            GatewayRuntime runtime = done.future().await();
            RunnerState state = runtime.runner().state();
            out.printf(
                    "gateway: %s; state in %s: health_state=%s rollout_gate=%s (%s) failure_streak=%d queue_depth=%d%n",
                    runtime.runner().queueDepth() == 0
                            ? "fixtures drained"
                            : "stopped at --gateway-max-cycles " + maxCycles,
                    settings.runner().stateDir(),
                    state.standing().health().state().wire(),
                    state.standing().rollout().gate().wire(),
                    state.standing().rollout().reasonCode(),
                    state.standing().failureStreak(),
                    runtime.runner().queueDepth());
            return state;
        } finally {
            vertx.close().await();
        }
    }

    /**
     * The dashboard's runner. Its fixtures' gateway actions are routed to a scratch gateway deployed in this
     * process (its state is discarded after the run), so that routing is exercised without touching the
     * operator's gateway state; supervisor actions are rejected, as no supervisor runs here.
     */
    RunnerState runDashboard(RunnerSettings settings, int maxCycles) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Path scratch = Files.createTempDirectory("tau-scratch-gateway");
        try {
            GatewaySettings gateway = new GatewaySettings(
                    scratch,
                    List.of(),
                    RunnerService.DEFAULT_QUEUE_LIMIT,
                    0,
                    RetryPolicy.DEFAULT,
                    GatewayGuardrails.DEFAULT,
                    "127.0.0.1",
                    0);
            vertx.deployVerticle(new GatewayVerticle(), new DeploymentOptions().setConfig(gateway.toConfig()))
                    .await();
            Promise<DashboardRuntime> done = Promise.promise();
            vertx.getOrCreateContext()
                    .runOnContext(v -> DashboardRuntime.runToCompletion(vertx, settings, maxCycles, this::printCycle)
                            .onComplete(done));
            DashboardRuntime runtime = done.future().await();
            RunnerState state = runtime.runner().state();
            out.printf(
                    "dashboard: %s; state in %s: health_state=%s rollout_gate=%s (%s) failure_streak=%d queue_depth=%d; "
                            + "%d widget views, summary hash %s%n",
                    runtime.runner().queueDepth() == 0
                            ? "fixtures drained"
                            : "stopped at --dashboard-max-cycles " + maxCycles,
                    settings.stateDir(),
                    state.standing().health().state().wire(),
                    state.standing().rollout().gate().wire(),
                    state.standing().rollout().reasonCode(),
                    state.standing().failureStreak(),
                    runtime.runner().queueDepth(),
                    runtime.projection().views().size(),
                    runtime.projection().summaryHash());
            return state;
        } finally {
            vertx.close().await();
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void printCycle(CycleReport r) {
        var c = r.results().counts();
        out.printf(
                "%s cycle %d: processed %d (succeeded %d, failed %d, retryable %d), retries %d, duplicates %d, "
                        + "malformed %d, queue_depth %d -> %s; health_state=%s rollout_gate=%s%s%n",
                r.runtime(),
                r.cycleId(),
                c.processed(),
                c.succeeded(),
                c.failed(),
                c.retryableFailures(),
                c.retryAttempts(),
                c.duplicates(),
                c.malformed(),
                c.queueDepth(),
                String.join(",", ReasonCode.wires(r.results().reasonCodes())),
                r.standing().health().state().wire(),
                r.standing().rollout().gate().wire(),
                r.standing().rollout().dryRunBreaches().isEmpty()
                        ? ""
                        : " (dry run, not enforced: "
                                + String.join(", ", r.standing().rollout().dryRunBreaches()) + ")");
        out.flush();
    }
}
