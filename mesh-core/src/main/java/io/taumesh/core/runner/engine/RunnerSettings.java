package io.taumesh.core.runner.engine;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.gate.GateDryRun;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.storage.LogRetention;
import java.nio.file.Path;
import java.util.List;

/**
 * What a runtime of the engine runs with: its state dir, its fixtures, how many cases a cycle takes, the
 * pause between cycles when it runs as a service, its retries, how its logs roll and are kept, and the one directory a
 * {@code replay_fixture} action may read fixtures from, the window its gate is judged over and the guardrails of the gate in dry run. Validated here, once, whether it comes
 * from flags or from a deployment config; an error names the field ({@code queue_limit}).
 */
public record RunnerSettings(
        Path stateDir,
        List<Path> fixtures,
        int queueLimit,
        long cycleIntervalMs,
        @JsonUnwrapped(prefix = "retry_") RetryPolicy retry,
        @JsonUnwrapped(prefix = "log_") LogRetention retention,
        Path fixturesDir,
        @JsonUnwrapped(prefix = "gate_") GateWindow gateWindow,
        List<String> gateDryRun) {

    public static final int MAX_QUEUE_LIMIT = 100_000;
    /** The only directory a {@code replay_fixture} action may read from, unless configured otherwise. */
    public static final String DEFAULT_FIXTURES_DIR = "fixtures";

    public RunnerSettings {
        if (stateDir == null) {
            throw new FieldError("state_dir", "is required");
        }
        fixtures = fixtures == null ? List.of() : List.copyOf(fixtures);
        if (queueLimit < 1 || queueLimit > MAX_QUEUE_LIMIT) {
            throw new FieldError("queue_limit", "must be between 1 and " + MAX_QUEUE_LIMIT + ", got " + queueLimit);
        }
        if (cycleIntervalMs < 0) {
            throw new FieldError("cycle_interval_ms", "must not be negative, got " + cycleIntervalMs);
        }
        if (retry == null) {
            retry = RetryPolicy.DEFAULT;
        }
        if (retention == null) {
            retention = LogRetention.DEFAULT;
        }
        if (fixturesDir == null) {
            fixturesDir = Path.of(DEFAULT_FIXTURES_DIR);
        }
        if (gateWindow == null) {
            gateWindow = GateWindow.DEFAULT;
        }
        gateDryRun = gateDryRun == null ? List.of() : List.copyOf(gateDryRun);
    }

    public RunnerSettings(
            Path stateDir,
            List<Path> fixtures,
            int queueLimit,
            long cycleIntervalMs,
            RetryPolicy retry,
            LogRetention retention,
            Path fixturesDir) {
        this(stateDir, fixtures, queueLimit, cycleIntervalMs, retry, retention, fixturesDir, null, null);
    }

    public RunnerSettings(
            Path stateDir,
            List<Path> fixtures,
            int queueLimit,
            long cycleIntervalMs,
            RetryPolicy retry,
            LogRetention retention) {
        this(stateDir, fixtures, queueLimit, cycleIntervalMs, retry, retention, null, null, null);
    }

    public RunnerSettings(Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs, RetryPolicy retry) {
        this(stateDir, fixtures, queueLimit, cycleIntervalMs, retry, LogRetention.DEFAULT);
    }

    /** The gate's guardrails in dry run. */
    public GateDryRun dryRun() {
        return GateDryRun.of(gateDryRun);
    }

    public RunnerSettings withQueueLimit(int limit) {
        return new RunnerSettings(
                stateDir, fixtures, limit, cycleIntervalMs, retry, retention, fixturesDir, gateWindow, gateDryRun);
    }

    /** The same settings with {@code replay_fixture} confined to {@code dir}. */
    public RunnerSettings withFixturesDir(Path dir) {
        return new RunnerSettings(
                stateDir, fixtures, queueLimit, cycleIntervalMs, retry, retention, dir, gateWindow, gateDryRun);
    }
}
