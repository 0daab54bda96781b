package io.taumesh.core.node;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.GateWindow;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A runtime of the engine as a service of the mesh (the gateway, the dashboard): its name, which prefixes its
 * flags ({@code --gateway-queue-limit}), its environment variables ({@code TAU_GATEWAY_STATE_DIR}) and keys its
 * deployment config ({@code {"gateway": {...}}}); its defaults, the same for every runtime but the state dir
 * ({@code .tau/gateway}); for {@code --help}, what its state dir holds and how its fixtures are given; and the
 * guardrails of its gate, by breach code, which a dry run may name.
 */
public record RunnerService(MeshService service, String stateDirHelp, String fixtureHelp, List<String> gateGuardrails) {

    /**
     * Each cycle forces its outputs, state and event line to disk (about 3 ms plus 0.3 ms per channel here);
     * 512 cases a cycle spread that over enough work for more than 20k cases/s (bench/REPORT.md, runner).
     */
    public static final int DEFAULT_QUEUE_LIMIT = 512;

    public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

    public RunnerService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(stateDirHelp, "stateDirHelp");
        Objects.requireNonNull(fixtureHelp, "fixtureHelp");
        gateGuardrails = gateGuardrails == null ? List.of() : List.copyOf(gateGuardrails);
    }

    /** A runtime whose gate has no guardrails of its own beyond its window. */
    public RunnerService(MeshService service, String stateDirHelp, String fixtureHelp) {
        this(service, stateDirHelp, fixtureHelp, List.of());
    }

    /** The breach codes its gate can hold for, the window's {@code insufficient_data} last: what a dry run may name. */
    public List<String> dryRunnable() {
        List<String> all = new ArrayList<>(gateGuardrails);
        all.add(GateWindow.INSUFFICIENT_DATA);
        return List.copyOf(all);
    }

    /** {@code gateway}: the runtime, its flags' prefix without the dashes, and its config key. */
    public String name() {
        return service.id();
    }

    /** {@code TAU_GATEWAY_}: what its environment variables start with. */
    public String envPrefix() {
        return "TAU_" + name().toUpperCase(Locale.ROOT) + "_";
    }

    public String defaultStateDir() {
        return ".tau/" + name();
    }

    public RunnerSettings defaults() {
        return new RunnerSettings(
                Path.of(defaultStateDir()),
                List.of(),
                DEFAULT_QUEUE_LIMIT,
                DEFAULT_CYCLE_INTERVAL_MS,
                RetryPolicy.DEFAULT);
    }

    /** Settings of this runtime as a verticle's deployment config, under its name. */
    public JsonObject toConfig(Object settings) {
        return ServiceConfig.of(name(), settings);
    }

    /** Reads {@link #toConfig}; what the config leaves out comes from {@code defaults}. */
    public <T> T fromConfig(JsonObject config, Class<T> type, T defaults) {
        return ServiceConfig.read(config, name(), type, defaults);
    }

    /** The runner's settings alone from a deployment config, the defaults filling in. */
    public RunnerSettings fromConfig(JsonObject config) {
        return fromConfig(config, RunnerSettings.class, defaults());
    }
}
