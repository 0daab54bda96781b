package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runbook 001's commands, run as an operator runs them: {@code ./tau-mesh ...} and the demo script. */
@DisplayName("Gateway runbook commands")
class GatewayRunbookIT {

    @TempDir
    Path work;

    private static TauMeshLauncherIT.Result tauMesh(String... args) throws Exception {
        return TauMeshLauncherIT.tauMesh(args);
    }

    private static String fixture(String name) {
        return TauMeshLauncherIT.fixture("gateway", name);
    }

    @Test
    @Timeout(120)
    @DisplayName("the demo exits 0 and ends with a status JSON that shows a healthy gateway whose gate passes")
    void demo() throws Exception {
        Path state = work.resolve("demo-state");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        TauMeshLauncherIT.repoRoot()
                                .resolve("scripts/demo/gateway.sh")
                                .toString())
                .directory(TauMeshLauncherIT.repoRoot().toFile());
        pb.environment().put("TAU_GATEWAY_STATE_DIR", state.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(err).isZero();
        JsonObject status = new JsonObject(out);
        assertThat(status.getString("runtime")).isEqualTo("gateway");
        assertThat(status.getString("health_state")).isEqualTo("healthy");
        assertThat(status.getString("rollout_gate")).isEqualTo("pass");
        assertThat(status.getLong("cycle_count")).isEqualTo(2L);
        assertThat(err).contains("gateway transport health");
    }

    @Test
    @Timeout(120)
    @DisplayName(
            "the guardrail fixtures flip rollout_gate to hold with the reason code, and the inspect commands show it")
    void guardrailsAndInspect() throws Exception {
        Path state = work.resolve("streak");
        TauMeshLauncherIT.Result run = tauMesh(
                "--gateway-contract-runner",
                "--gateway-fixture",
                fixture("failure-streak.json"),
                "--gateway-state-dir",
                state.toString(),
                "--gateway-queue-limit",
                "2");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("gateway cycle 3:")
                .contains("rollout_gate=hold (failure_streak_threshold_breached)");

        TauMeshLauncherIT.Result status =
                tauMesh("--gateway-state-dir", state.toString(), "--gateway-status-inspect", "--gateway-status-json");
        assertThat(status.exit()).as(status.err()).isZero();
        JsonObject json = new JsonObject(status.out());
        assertThat(json.getString("rollout_gate")).isEqualTo("hold");
        assertThat(json.getString("rollout_reason_code")).isEqualTo("failure_streak_threshold_breached");
        assertThat(json.getInteger("failure_streak")).isEqualTo(3);
        assertThat(json.getString("health_state")).isEqualTo("failing");

        // The thresholds given to the inspect command re-evaluate the gate.
        TauMeshLauncherIT.Result relaxed = tauMesh(
                "--gateway-state-dir",
                state.toString(),
                "--gateway-status-inspect",
                "--gateway-status-json",
                "--gateway-guardrail-failure-streak-threshold",
                "5");
        assertThat(new JsonObject(relaxed.out()).getString("rollout_gate")).isEqualTo("pass");

        TauMeshLauncherIT.Result health = tauMesh(
                "--gateway-state-dir",
                state.toString(),
                "--transport-health-inspect",
                "gateway",
                "--transport-health-json");
        assertThat(health.exit()).isZero();
        JsonObject h = new JsonObject(health.out());
        assertThat(h.getString("health_state")).isEqualTo("failing");
        assertThat(h.getInteger("last_cycle_failed")).isEqualTo(1);
        assertThat(h.getInteger("queue_depth")).isZero();

        // The verdict's rule, numbers and cycles, from the decision recorded when the gate turned to hold.
        TauMeshLauncherIT.Result explained = tauMesh("--gateway-state-dir", state.toString(), "--explain", "gateway");
        assertThat(explained.exit()).as(explained.err()).isZero();
        assertThat(explained.out())
                .contains("gateway: hold (failure_streak_threshold_breached) since cycle 2")
                .contains("because: failure_streak 2 >= threshold 2 over cycles 1-2")
                .contains("decision: gateway:gate:2")
                .contains("now: gateway hold (failure_streak_threshold_breached); after cycle 3: failure_streak 3");
        assertThat(tauMesh("--gateway-state-dir", state.toString(), "--explain", "gateway:gate:1")
                        .out())
                .contains("gateway: pass (guardrails_within_thresholds) since cycle 1")
                .contains("because: failure_streak 1 < threshold 2 over cycle 1");
        TauMeshLauncherIT.Result unknown =
                tauMesh("--gateway-state-dir", state.toString(), "--explain", "gateway:gate:9");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no decision 'gateway:gate:9' in " + state.resolve("decisions.jsonl"));

        // The history judged again: as recorded, every verdict the same; under a streak threshold of 3, cycle 2's
        // hold would have been a pass.
        TauMeshLauncherIT.Result replayed =
                tauMesh("--gateway-state-dir", state.toString(), "--decisions-replay", "gateway");
        assertThat(replayed.exit()).as(replayed.out() + replayed.err()).isZero();
        assertThat(replayed.out()).contains("gateway: replayed 3 cycles").contains("every verdict as recorded");
        TauMeshLauncherIT.Result backtest = tauMesh(
                "--gateway-state-dir",
                state.toString(),
                "--gate-backtest",
                "gateway",
                "--gateway-guardrail-failure-streak-threshold",
                "3");
        assertThat(backtest.exit()).as(backtest.err()).isZero();
        assertThat(backtest.out())
                .contains("gateway backtest: 3 cycles judged under")
                .contains("1 verdict would change (pass to hold 0, hold to pass 1, the same gate for other reasons 0)")
                .containsPattern("cycle 2 \\(.*\\): hold \\(failure_streak_threshold_breached\\) -> pass "
                        + "\\(guardrails_within_thresholds\\)");
        // A verdict in the history that its inputs do not give is found and named.
        Path events = state.resolve("runtime-events.jsonl");
        List<String> lines = Files.readAllLines(events);
        lines.set(1, lines.get(1).replace("\"rollout_gate\":\"hold\"", "\"rollout_gate\":\"pass\""));
        Files.write(events, lines);
        TauMeshLauncherIT.Result tampered =
                tauMesh("--gateway-state-dir", state.toString(), "--decisions-replay", "gateway");
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("1 verdict differs").containsPattern("cycle 2 \\(.*\\): recorded pass");

        TauMeshLauncherIT.Result table = tauMesh("--gateway-state-dir", state.toString(), "--gateway-status-inspect");
        assertThat(table.out()).contains("rollout_gate").contains("hold  (failure_streak_threshold_breached)");

        Path retry = work.resolve("retryable");
        tauMesh(
                "--gateway-contract-runner",
                "--gateway-fixture",
                fixture("retryable-failures.json"),
                "--gateway-state-dir",
                retry.toString());
        JsonObject retryStatus = new JsonObject(
                tauMesh("--gateway-state-dir", retry.toString(), "--gateway-status-inspect", "--gateway-status-json")
                        .out());
        assertThat(retryStatus.getString("rollout_gate")).isEqualTo("hold");
        assertThat(retryStatus.getString("rollout_reason_code")).isEqualTo("retryable_failures_threshold_breached");
        assertThat(retryStatus.getInteger("last_retryable_failures")).isEqualTo(2);
    }

    @Test
    @Timeout(120)
    @DisplayName("a guardrail in dry run is evaluated and recorded but never holds the gate; explain and replay say so")
    void guardrailInDryRun() throws Exception {
        Path state = work.resolve("dry-run");
        TauMeshLauncherIT.Result run = tauMesh(
                "--gateway-contract-runner",
                "--gateway-fixture",
                fixture("failure-streak.json"),
                "--gateway-state-dir",
                state.toString(),
                "--gateway-queue-limit",
                "2",
                "--gateway-gate-dry-run",
                "failure_streak_threshold_breached");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("rollout_gate=pass (dry run, not enforced: failure_streak_threshold_breached)")
                .contains("rollout_gate=pass (guardrails_within_thresholds) failure_streak=3");
        JsonObject status = new JsonObject(
                tauMesh("--gateway-state-dir", state.toString(), "--gateway-status-inspect", "--gateway-status-json")
                        .out());
        assertThat(status.getString("rollout_gate")).isEqualTo("pass");
        assertThat(status.getString("health_state"))
                .as("health is not a guardrail")
                .isEqualTo("failing");

        List<JsonObject> decisions = Files.readAllLines(state.resolve("decisions.jsonl")).stream()
                .map(JsonObject::new)
                .toList();
        JsonObject latest = decisions.get(decisions.size() - 1);
        assertThat(latest.getString("verdict")).isEqualTo("pass");
        assertThat(latest.getJsonArray("dry_run_breaches").getList())
                .containsExactly("failure_streak_threshold_breached");
        assertThat(latest.getJsonObject("policy").getJsonArray("dry_run").getList())
                .containsExactly("failure_streak_threshold_breached");

        TauMeshLauncherIT.Result explained = tauMesh("--gateway-state-dir", state.toString(), "--explain", "gateway");
        assertThat(explained.out())
                .contains("gateway: pass (guardrails_within_thresholds) since cycle 2")
                .contains("because: failure_streak 2 >= threshold 2 over cycles 1-2")
                .contains("because: dry run: failure_streak_threshold_breached breached, recorded, not enforced "
                        + "(enforced, the gate would hold)");
        TauMeshLauncherIT.Result replayed =
                tauMesh("--gateway-state-dir", state.toString(), "--decisions-replay", "gateway");
        assertThat(replayed.exit()).as(replayed.out() + replayed.err()).isZero();
        assertThat(replayed.out()).contains("every verdict as recorded");
        // Enforced, the same guardrail would have held cycles 2 and 3.
        TauMeshLauncherIT.Result enforced =
                tauMesh("--gateway-state-dir", state.toString(), "--gate-backtest", "gateway");
        assertThat(enforced.out())
                .contains(
                        "2 verdicts would change (pass to hold 2, hold to pass 0, the same gate for other reasons 0)");

        TauMeshLauncherIT.Result unknown = tauMesh(
                "--gateway-state-dir",
                state.toString(),
                "--gate-backtest",
                "gateway",
                "--gateway-gate-dry-run",
                "latency");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err())
                .contains(
                        "--gateway-gate-dry-run 'latency' is no guardrail of the gateway gate; it has "
                                + "failure_streak_threshold_breached, retryable_failures_threshold_breached, insufficient_data");
    }

    @Test
    @Timeout(60)
    @DisplayName("a missing or corrupt state dir, or a bad fixture, gives a clear error and a non-zero exit")
    void errors() throws Exception {
        Path missing = work.resolve("nothing-here");
        TauMeshLauncherIT.Result none =
                tauMesh("--gateway-state-dir", missing.toString(), "--gateway-status-inspect", "--gateway-status-json");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("state dir " + missing + " does not exist");
        assertThat(none.out()).isEmpty();

        Path corrupt = work.resolve("corrupt");
        Files.createDirectories(corrupt);
        // The state a fresh gateway writes, with one field of it corrupt.
        Files.writeString(
                corrupt.resolve("state.json"),
                "{\"schema_version\":1,\"runtime\":\"gateway\",\"cycle_count\":0,\"health_state\":\"healthy\""
                        + ",\"health_reason\":\"no failures, retries or backlog in the last cycle\""
                        + ",\"failure_streak\":\"many\",\"rollout_gate\":\"hold\""
                        + ",\"rollout_reason_code\":\"insufficient_data\",\"rollout_breaches\":[\"insufficient_data\"]"
                        + ",\"rollout_policy\":{\"kind\":\"gateway_guardrails\",\"failure_streak_threshold\":2"
                        + ",\"retryable_failures_threshold\":2,\"window_min_samples\":1,\"window_max_age_ms\":3600000}"
                        + ",\"last_cycle_failed\":0,\"last_retryable_failures\":0,\"last_retry_attempts\":0"
                        + ",\"last_cycle_at\":null,\"last_cycle_unix_ms\":0,\"last_cycle_duration_ms\":0,\"queue_depth\":0"
                        + ",\"queue_limit\":512,\"paused\":false,\"counters\":{\"cycles\":0,\"cases_processed\":0"
                        + ",\"cases_succeeded\":0,\"cases_failed\":0,\"retry_attempts\":0,\"retryable_failures\":0"
                        + ",\"duplicates_skipped\":0,\"malformed_rejected\":0,\"backpressure_cycles\":0}"
                        + ",\"reason_code_counts\":{},\"fixture_cursors\":[],\"last_cycle\":null,\"gate_samples_unix_ms\":[]}");
        TauMeshLauncherIT.Result bad =
                tauMesh("--gateway-state-dir", corrupt.toString(), "--transport-health-inspect", "gateway");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("state.json is corrupt").contains("failure_streak");

        // A state that lacks fields names one, in words rather than the JSON library's advice.
        Files.writeString(corrupt.resolve("state.json"), "{\"schema_version\":1,\"runtime\":\"gateway\"}");
        TauMeshLauncherIT.Result sparse =
                tauMesh("--gateway-state-dir", corrupt.toString(), "--transport-health-inspect", "gateway");
        assertThat(sparse.exit()).isEqualTo(1);
        assertThat(sparse.err())
                .containsPattern("state\\.json is corrupt: [a-z_]+: is required, but is missing or null");

        Files.writeString(corrupt.resolve("state.json"), "{\"schema_vers");
        assertThat(tauMesh("--gateway-state-dir", corrupt.toString(), "--gateway-status-inspect")
                        .err())
                .contains("not a JSON object");

        Path fixture = work.resolve("bad-fixture.json");
        Files.writeString(fixture, "{\"schema_version\":3,\"cases\":[]}");
        TauMeshLauncherIT.Result rejected = tauMesh(
                "--gateway-contract-runner",
                "--gateway-fixture",
                fixture.toString(),
                "--gateway-state-dir",
                work.resolve("s").toString());
        assertThat(rejected.exit()).isEqualTo(2);
        assertThat(rejected.err()).contains("fixture rejected").contains("schema_version: unsupported value 3");

        TauMeshLauncherIT.Result noFixture = tauMesh(
                "--gateway-contract-runner",
                "--gateway-state-dir",
                work.resolve("s").toString());
        assertThat(noFixture.exit()).isEqualTo(2);
        assertThat(noFixture.err()).contains("--gateway-contract-runner needs --gateway-fixture FILE");

        TauMeshLauncherIT.Result unknownRuntime = tauMesh("--transport-health-inspect", "mainframe");
        assertThat(unknownRuntime.exit()).isEqualTo(2);
        assertThat(unknownRuntime.err()).contains("unknown runtime 'mainframe'");
    }
}
