package io.taumesh.launcher;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.contract.SupervisorStatus;
import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.MeshRuntime;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * {@code --example NAME}: the runbooks' examples. {@code supervisor_quickstart} (runbook 002, P1-001 step 4,
 * "restart supervisor") runs the supervisor with its children, as {@code ./tau-mesh} does, and reports when its
 * {@code health().status} is {@code ready}: the line {@code supervisor_quickstart: health.status == "ready" after
 * N s}, measured from the start of the process, then the health JSON. It runs until Ctrl-C or SIGTERM.
 */
final class ExampleCommand implements LauncherCommand {

    static final List<String> EXAMPLES = List.of("supervisor_quickstart");
    /** The runbook's expectation: ready within 30 s of the restart. */
    static final Duration READY_WITHIN = Duration.ofSeconds(30);

    @Option(
            names = "--example",
            paramLabel = "NAME",
            required = true,
            description =
                    "Run a runbook example: supervisor_quickstart (runbook 002: the supervisor and its children; says when "
                            + "health.status is ready).")
    String name;

    @Override
    public int run(Launch launch) {
        if (!EXAMPLES.contains(name)) {
            throw launch.usage("unknown example '" + name + "'; examples: " + String.join(", ", EXAMPLES));
        }
        return launch.mesh().applyAsInt(new Quickstart(launch.out(), launch.err()));
    }

    /** Watches the supervisor's health once the node is up, off the event loop. */
    static final class Quickstart implements MeshProcess.Listener {
        private final PrintStream out;
        private final PrintStream err;

        Quickstart(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void ready(MeshRuntime runtime) {
            Thread watcher = new Thread(() -> watch(runtime), "supervisor-quickstart");
            watcher.setDaemon(true);
            watcher.start();
        }

        private void watch(MeshRuntime runtime) {
            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
            Instant deadline = started.plus(READY_WITHIN);
            JsonObject health = null;
            while (true) {
                try {
                    health = MeshBus.request(
                                    runtime.node().vertx(),
                                    Addresses.SUPERVISOR_HEALTH,
                                    new JsonObject(),
                                    Correlation.fresh(),
                                    5_000)
                            .await(10, TimeUnit.SECONDS)
                            .body();
                    if (SupervisorStatus.READY.wire().equals(health.getString("status"))) {
                        double seconds =
                                Duration.between(started, Instant.now()).toMillis() / 1000.0;
                        out.printf("supervisor_quickstart: health.status == \"ready\" after %.1f s%n", seconds);
                        out.println("supervisor_quickstart: " + health.encode());
                        out.flush();
                        return;
                    }
                } catch (Exception e) {
                    health = new JsonObject().put("status", "unknown").put("reason", String.valueOf(e.getMessage()));
                }
                if (Instant.now().isAfter(deadline)) {
                    err.println("supervisor_quickstart: health.status is \"" + health.getString("status")
                            + "\", not ready within " + READY_WITHIN.toSeconds() + " s: " + health.getString("reason"));
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
