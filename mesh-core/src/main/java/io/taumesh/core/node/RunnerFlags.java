package io.taumesh.core.node;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.storage.LogRetention;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The flags of a runtime of the engine (runbooks 000 and 001), a picocli mixin shared by the runtime's own
 * service jar and {@code tau-mesh}: the same options for every runtime, under its name ({@code
 * --gateway-queue-limit}, env {@code TAU_GATEWAY_STATE_DIR}). A name known only at run time cannot go in an
 * annotation, so the options are built with picocli's programmatic API when picocli builds the mixin. A service's
 * own options (an object with {@code @Option} fields) are listed after the retries and the gate window, before the logs; {@code
 * settings} puts them together with the runner's settings.
 */
public final class RunnerFlags<S> implements ServiceFlags {

    private static final String DEFAULT = "default: ${DEFAULT-VALUE}).";

    private final RunnerService service;
    private final @Nullable Object ownOptions;
    private final Function<RunnerSettings, S> settings;
    /** Each option, by its name without the runtime's prefix ({@code queue-limit}); picocli keeps its value. */
    private final Map<String, OptionSpec> options = new HashMap<>();

    private RunnerFlags(RunnerService service, @Nullable Object ownOptions, Function<RunnerSettings, S> settings) {
        this.service = service;
        this.ownOptions = ownOptions;
        this.settings = settings;
    }

    /** A runtime whose settings are the runner's alone. */
    public static RunnerFlags<RunnerSettings> of(RunnerService service) {
        return new RunnerFlags<>(service, null, runner -> runner);
    }

    /** A runtime with options of its own, and settings made of the runner's and those. */
    public static <S> RunnerFlags<S> of(
            RunnerService service, Object ownOptions, Function<RunnerSettings, S> settings) {
        return new RunnerFlags<>(service, ownOptions, settings);
    }

    /** Picocli hands this mixin its spec as it builds it: the options go in, in the order {@code --help} lists them. */
    @Spec
    void addOptions(CommandSpec spec) {
        runnerOptions().forEach(option -> add(spec, option));
        gateOptions().forEach(option -> add(spec, option));
        if (ownOptions != null) {
            CommandSpec.forAnnotatedObject(ownOptions).options().forEach(spec::addOption);
        }
        logOptions().forEach(option -> add(spec, option));
    }

    private List<OptionSpec.Builder> runnerOptions() {
        String env = service.envPrefix();
        String stateDir = "${env:" + env + "STATE_DIR:-" + service.defaultStateDir() + "}";
        String fixturesDir = "${env:" + env + "FIXTURES_DIR:-" + RunnerSettings.DEFAULT_FIXTURES_DIR + "}";
        return List.of(
                option(
                        "state-dir",
                        Path.class,
                        "DIR",
                        stateDir,
                        service.stateDirHelp() + " (env " + env + "STATE_DIR, "),
                option("fixture", List.class, "FILE", null, service.fixtureHelp())
                        .auxiliaryTypes(Path.class)
                        .splitRegex(","),
                option(
                        "fixtures-dir",
                        Path.class,
                        "DIR",
                        fixturesDir,
                        "The only directory a replay_fixture control action may read a fixture from; paths that lead "
                                + "out of it (../, links) are refused (env " + env + "FIXTURES_DIR, "),
                option(
                        "queue-limit",
                        int.class,
                        "N",
                        RunnerService.DEFAULT_QUEUE_LIMIT,
                        "Cases processed per cycle; the rest wait as queue_depth ("),
                option(
                        "cycle-interval-ms",
                        long.class,
                        "MS",
                        RunnerService.DEFAULT_CYCLE_INTERVAL_MS,
                        "Pause between cycles when the " + service.name() + " runs as a service ("),
                option(
                        "retry-max-attempts",
                        int.class,
                        "N",
                        RetryPolicy.DEFAULT.maxAttempts(),
                        "Attempts per case with transient failures, first included ("),
                option(
                        "retry-base-delay-ms",
                        long.class,
                        "MS",
                        RetryPolicy.DEFAULT.baseDelayMs(),
                        "Backoff before the first retry; doubles per retry, at most 1000 ms ("));
    }

    /** The window the rollout gate is judged over (docs/decisions.md). */
    private List<OptionSpec.Builder> gateOptions() {
        return List.of(
                option(
                        "gate-min-samples",
                        int.class,
                        "N",
                        GateWindow.DEFAULT_MIN_SAMPLES,
                        "Cycles that ran cases the rollout gate needs within its window; fewer is hold with "
                                + "insufficient_data (docs/decisions.md; "),
                option(
                        "gate-max-age-ms",
                        long.class,
                        "MS",
                        GateWindow.DEFAULT_MAX_AGE_MS,
                        "How long a cycle that ran cases counts as a sample of the rollout gate's window ("),
                option(
                                "gate-dry-run",
                                List.class,
                                "GUARDRAIL",
                                null,
                                "Guardrails of the rollout gate to evaluate and record but never enforce, by breach "
                                        + "code, comma separated: " + String.join(", ", service.dryRunnable())
                                        + " (docs/decisions.md). None by default.")
                        .auxiliaryTypes(String.class)
                        .splitRegex(","));
    }

    private List<OptionSpec.Builder> logOptions() {
        return List.of(
                option(
                        "log-segment-bytes",
                        long.class,
                        "BYTES",
                        LogRetention.DEFAULT_SEGMENT_BYTES,
                        "runtime-events.jsonl and each channel's outputs.jsonl roll into a compressed segment past "
                                + "this size ("),
                option(
                        "log-retain-segments",
                        int.class,
                        "N",
                        LogRetention.DEFAULT_RETAIN_SEGMENTS,
                        "Compressed segments kept per log; older ones are removed ("));
    }

    /**
     * {@code --<runtime>-<name>}; a description that says a default ends with the default, and one that says none is
     * as given.
     */
    private OptionSpec.Builder option(
            String name, Class<?> type, String paramLabel, @Nullable Object defaultValue, String description) {
        OptionSpec.Builder option = OptionSpec.builder("--" + service.name() + "-" + name)
                .type(type)
                .paramLabel(paramLabel);
        return defaultValue == null
                ? option.description(description)
                : option.defaultValue(String.valueOf(defaultValue)).description(description + DEFAULT);
    }

    private void add(CommandSpec spec, OptionSpec.Builder option) {
        OptionSpec built = option.build();
        options.put(built.longestName().substring(service.name().length() + 3), built);
        spec.addOption(built);
    }

    private <T> T value(String name, Class<T> type) {
        return type.cast(options.get(name).getValue());
    }

    /** {@code --<runtime>-state-dir}, as parsed. */
    public Path stateDir() {
        return value("state-dir", Path.class);
    }

    @Override
    public JsonObject toConfig() {
        return service.toConfig(toSettings());
    }

    /** The settings these flags describe; throws {@link IllegalArgumentException} naming a bad flag. */
    public S toSettings() {
        try {
            return settings.apply(new RunnerSettings(
                    stateDir(),
                    fixtures(),
                    value("queue-limit", Integer.class),
                    value("cycle-interval-ms", Long.class),
                    RetryPolicy.of(
                            value("retry-max-attempts", Integer.class), value("retry-base-delay-ms", Long.class)),
                    new LogRetention(
                            value("log-segment-bytes", Long.class), value("log-retain-segments", Integer.class)),
                    value("fixtures-dir", Path.class),
                    new GateWindow(value("gate-min-samples", Integer.class), value("gate-max-age-ms", Long.class)),
                    dryRun()));
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--" + service.name() + "-", e);
        }
    }

    /** {@code --<runtime>-gate-dry-run}, each a guardrail of this runtime's gate. */
    @SuppressWarnings("unchecked")
    private List<String> dryRun() {
        List<String> named = (List<String>) value("gate-dry-run", List.class);
        if (named == null) {
            return List.of();
        }
        for (String guardrail : named) {
            if (!service.dryRunnable().contains(guardrail)) {
                throw new FieldError(
                        "gate_dry_run",
                        "'" + guardrail + "' is no guardrail of the " + service.name() + " gate; it has "
                                + String.join(", ", service.dryRunnable()));
            }
        }
        return named;
    }

    @SuppressWarnings("unchecked")
    private List<Path> fixtures() {
        return (List<Path>) value("fixture", List.class);
    }
}
