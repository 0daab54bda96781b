package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.storage.LogRetention;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

@DisplayName("A runner's flags")
class RunnerFlagsTest {

    private static final RunnerService SERVICE = new RunnerService(
            MeshService.DASHBOARD,
            "Dashboard state: state.json",
            "Dashboard fixture file(s).",
            List.of("health_degraded", "health_failing"));

    /** Options of the service's own, and its settings: the runner's and a word that must not be blank. */
    static final class Own {
        @Option(names = "--dashboard-word", defaultValue = "hello")
        String word;

        Own settings(RunnerSettings runner) {
            if (word.isBlank()) {
                throw new FieldError("word", "must not be blank");
            }
            return this;
        }
    }

    @Command
    static final class Holder {
        @Mixin
        RunnerFlags<RunnerSettings> flags = RunnerFlags.of(SERVICE);
    }

    @Command
    static final class OwnHolder {
        final Own own = new Own();

        @Mixin
        RunnerFlags<Own> flags = RunnerFlags.of(SERVICE, own, own::settings);
    }

    private static RunnerSettings parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.flags.toSettings();
    }

    @Test
    @DisplayName("list the runtime's options in order, the service's own before the logs, env defaults named")
    void options() {
        Own own = new Own();
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.forAnnotatedObject(
                        RunnerFlags.of(SERVICE, own, own::settings))
                .interpolateVariables(false);
        assertThat(spec.options().stream().map(OptionSpec::longestName))
                .containsExactly(
                        "--dashboard-state-dir",
                        "--dashboard-fixture",
                        "--dashboard-fixtures-dir",
                        "--dashboard-queue-limit",
                        "--dashboard-cycle-interval-ms",
                        "--dashboard-retry-max-attempts",
                        "--dashboard-retry-base-delay-ms",
                        "--dashboard-gate-min-samples",
                        "--dashboard-gate-max-age-ms",
                        "--dashboard-gate-dry-run",
                        "--dashboard-word",
                        "--dashboard-log-segment-bytes",
                        "--dashboard-log-retain-segments");
        OptionSpec stateDir = spec.findOption("--dashboard-state-dir");
        assertThat(stateDir.defaultValue()).isEqualTo("${env:TAU_DASHBOARD_STATE_DIR:-.tau/dashboard}");
        assertThat(stateDir.description())
                .containsExactly(
                        "Dashboard state: state.json (env TAU_DASHBOARD_STATE_DIR, default: ${DEFAULT-VALUE}).");
        assertThat(spec.findOption("--dashboard-fixtures-dir").defaultValue())
                .isEqualTo("${env:TAU_DASHBOARD_FIXTURES_DIR:-fixtures}");
    }

    @Test
    @DisplayName("default to the runtime's defaults, and make the same config")
    void defaults() {
        // The defaults come from TAU_* variables when set; this build's test runs never set them.
        RunnerSettings s = parse();
        assertThat(s).isEqualTo(SERVICE.defaults());
        assertThat(SERVICE.toConfig(s).getJsonObject("dashboard").getString("state_dir"))
                .isEqualTo(".tau/dashboard");
        assertThat(SERVICE.fromConfig(SERVICE.toConfig(s))).isEqualTo(s);
    }

    @Test
    @DisplayName("take every setting from flags; fixtures repeat or split on commas")
    void flags() {
        RunnerSettings s = parse(
                "--dashboard-state-dir=/d",
                "--dashboard-fixture=a.json,b.json",
                "--dashboard-fixture=c.json",
                "--dashboard-fixtures-dir=fx",
                "--dashboard-queue-limit=8",
                "--dashboard-cycle-interval-ms=0",
                "--dashboard-retry-max-attempts=2",
                "--dashboard-retry-base-delay-ms=2000",
                "--dashboard-log-segment-bytes=200000",
                "--dashboard-log-retain-segments=9");
        assertThat(s)
                .isEqualTo(new RunnerSettings(
                        Path.of("/d"),
                        List.of(Path.of("a.json"), Path.of("b.json"), Path.of("c.json")),
                        8,
                        0,
                        RetryPolicy.of(2, 2000),
                        new LogRetention(200_000, 9),
                        Path.of("fx")));
    }

    @Test
    @DisplayName("name the flag at fault, the service's own ones too")
    void errors() {
        assertThatThrownBy(() -> parse("--dashboard-queue-limit", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--dashboard-queue-limit must be between 1 and 100000, got 0");
        OwnHolder holder = new OwnHolder();
        new CommandLine(holder).parseArgs("--dashboard-word", " ");
        assertThatThrownBy(holder.flags::toSettings).hasMessage("--dashboard-word must not be blank");
    }

    @Test
    @DisplayName("a dry run names guardrails of this runtime's gate, comma separated; another is refused naming them")
    void gateDryRun() {
        assertThat(parse().gateDryRun()).isEmpty();
        assertThat(parse("--dashboard-gate-dry-run", "health_degraded,insufficient_data")
                        .gateDryRun())
                .containsExactly("health_degraded", "insufficient_data");
        assertThatThrownBy(() -> parse("--dashboard-gate-dry-run", "insufficient_data,failure_streak"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--dashboard-gate-dry-run 'failure_streak' is no guardrail of the dashboard gate; it has "
                        + "health_degraded, health_failing, insufficient_data");
    }
}
