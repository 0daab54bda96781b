package io.taumesh.dashboard;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceFlags;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.storage.LogRetention;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The dashboard's flags (runbook 000), shared by {@code dashboard-svc} and {@code tau-mesh}. */
public final class DashboardFlags implements ServiceFlags {

    @Option(
            names = "--dashboard-state-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_DASHBOARD_STATE_DIR:-" + DashboardSettings.DEFAULT_STATE_DIR + "}",
            description = "Dashboard state: state.json, runtime-events.jsonl, widget-views.json, channel-store/ "
                    + "(env TAU_DASHBOARD_STATE_DIR, default: ${DEFAULT-VALUE}).")
    public Path stateDir;

    @Option(
            names = "--dashboard-fixture",
            paramLabel = "FILE",
            split = ",",
            description = "Dashboard fixture file(s) to run, in order (format: docs/fixtures.md).")
    public List<Path> fixtures = new ArrayList<>();

    @Option(
            names = "--dashboard-fixtures-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_DASHBOARD_FIXTURES_DIR:-" + RunnerSettings.DEFAULT_FIXTURES_DIR + "}",
            description =
                    "The only directory a replay_fixture control action may read a fixture from; paths that lead out "
                            + "of it (../, links) are refused (env TAU_DASHBOARD_FIXTURES_DIR, default: ${DEFAULT-VALUE}).")
    public Path fixturesDir;

    @Option(
            names = "--dashboard-queue-limit",
            paramLabel = "N",
            defaultValue = "" + DashboardSettings.DEFAULT_QUEUE_LIMIT,
            description = "Cases processed per cycle; the rest wait as queue_depth (default: ${DEFAULT-VALUE}).")
    public int queueLimit;

    @Option(
            names = "--dashboard-cycle-interval-ms",
            paramLabel = "MS",
            defaultValue = "" + DashboardSettings.DEFAULT_CYCLE_INTERVAL_MS,
            description = "Pause between cycles when the dashboard runs as a service (default: ${DEFAULT-VALUE}).")
    public long cycleIntervalMs;

    @Option(
            names = "--dashboard-retry-max-attempts",
            paramLabel = "N",
            defaultValue = "3",
            description = "Attempts per case with transient failures, first included (default: ${DEFAULT-VALUE}).")
    public int retryMaxAttempts;

    @Option(
            names = "--dashboard-retry-base-delay-ms",
            paramLabel = "MS",
            defaultValue = "10",
            description =
                    "Backoff before the first retry; doubles per retry, at most 1000 ms (default: ${DEFAULT-VALUE}).")
    public long retryBaseDelayMs;

    @Option(
            names = "--dashboard-log-segment-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + LogRetention.DEFAULT_SEGMENT_BYTES,
            description =
                    "runtime-events.jsonl and each channel's outputs.jsonl roll into a compressed segment past this size "
                            + "(default: ${DEFAULT-VALUE}).")
    public long logSegmentBytes;

    @Option(
            names = "--dashboard-log-retain-segments",
            paramLabel = "N",
            defaultValue = "" + LogRetention.DEFAULT_RETAIN_SEGMENTS,
            description = "Compressed segments kept per log; older ones are removed (default: ${DEFAULT-VALUE}).")
    public int logRetainSegments;

    @Override
    public JsonObject toConfig() {
        return toSettings().toConfig();
    }

    /** The settings these flags describe; throws {@link IllegalArgumentException} naming a bad flag. */
    public DashboardSettings toSettings() {
        try {
            return new DashboardSettings(new RunnerSettings(
                    stateDir,
                    fixtures,
                    queueLimit,
                    cycleIntervalMs,
                    RetryPolicy.of(retryMaxAttempts, retryBaseDelayMs),
                    new LogRetention(logSegmentBytes, logRetainSegments),
                    fixturesDir));
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--dashboard-", e);
        }
    }
}
