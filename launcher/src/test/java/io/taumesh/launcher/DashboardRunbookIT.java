package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runbook 000's commands, run as an operator runs them. */
@DisplayName("Dashboard runbook commands")
class DashboardRunbookIT {

    @TempDir
    Path work;

    private static TauMeshLauncherIT.Result tauMesh(String... args) throws Exception {
        return TauMeshLauncherIT.tauMesh(args);
    }

    private static String fixture(String name) {
        return TauMeshLauncherIT.fixture("dashboard", name);
    }

    @Test
    @Timeout(120)
    @DisplayName("the demo exits 0 and ends with the status JSON; reprojection matches along the way")
    void demo() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        TauMeshLauncherIT.repoRoot()
                                .resolve("scripts/demo/dashboard.sh")
                                .toString())
                .directory(TauMeshLauncherIT.repoRoot().toFile());
        pb.environment().put("TAU_DASHBOARD_STATE_DIR", work.resolve("demo").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(err).isZero();
        JsonObject status = new JsonObject(out);
        assertThat(status.getString("runtime")).isEqualTo("dashboard");
        assertThat(status.getString("health_state")).isEqualTo("healthy");
        assertThat(status.getString("rollout_gate")).isEqualTo("pass");
        assertThat(status.getJsonObject("reason_code_counts").getLong("control_actions_applied"))
                .isEqualTo(1L);
        assertThat(err)
                .contains("\"matches\" : true")
                .contains("dashboard canary")
                .contains("promotable to");
    }

    @Test
    @Timeout(120)
    @DisplayName(
            "status, transport health, reprojection and canary commands read the state dir; a degraded runtime holds the gate")
    void inspectCommands() throws Exception {
        Path state = work.resolve("retry");
        TauMeshLauncherIT.Result run = tauMesh(
                "--dashboard-contract-runner",
                "--dashboard-fixture",
                fixture("retry.json"),
                "--dashboard-state-dir",
                state.toString());
        assertThat(run.exit()).as(run.err()).isZero();

        JsonObject status = new JsonObject(tauMesh(
                        "--dashboard-state-dir",
                        state.toString(),
                        "--dashboard-status-inspect",
                        "--dashboard-status-json")
                .out());
        assertThat(status.getString("health_state")).isEqualTo("degraded");
        assertThat(status.getString("rollout_gate")).isEqualTo("hold");
        assertThat(status.getString("rollout_reason_code")).isEqualTo("health_degraded");

        JsonObject health = new JsonObject(tauMesh(
                        "--dashboard-state-dir",
                        state.toString(),
                        "--transport-health-inspect",
                        "dashboard",
                        "--transport-health-json")
                .out());
        assertThat(health.getString("runtime")).isEqualTo("dashboard");
        assertThat(health.getInteger("last_cycle_processed")).isEqualTo(2);

        TauMeshLauncherIT.Result reproject =
                tauMesh("--dashboard-state-dir", state.toString(), "--dashboard-reproject");
        assertThat(reproject.exit()).isZero();
        assertThat(new JsonObject(reproject.out()).getBoolean("matches")).isTrue();

        JsonObject canary = new JsonObject(tauMesh(
                        "--dashboard-state-dir",
                        state.toString(),
                        "--dashboard-canary-inspect",
                        "--dashboard-canary-json")
                .out());
        assertThat(canary.getString("next_phase")).isEqualTo("canary-1");
        assertThat(canary.getJsonArray("phases")).hasSize(4);
        assertThat(canary.getJsonArray("next_phase_blocked_by").getList())
                .contains("rollout_gate=hold", "health_state=degraded");

        // The canary's verdict is recorded when it changes, explained, and judged again from the history.
        TauMeshLauncherIT.Result explained =
                tauMesh("--dashboard-state-dir", state.toString(), "--explain", "dashboard:canary");
        assertThat(explained.exit()).as(explained.err()).isZero();
        assertThat(explained.out())
                .contains("dashboard canary: no phase may take traffic; next canary-1 is blocked (since cycle ")
                .contains("  canary-1 (5%): blocked: rollout_gate=hold; health_state=degraded")
                .contains("retry codes last 20")
                .contains("  decision: dashboard:canary:");
        TauMeshLauncherIT.Result replayed =
                tauMesh("--dashboard-state-dir", state.toString(), "--decisions-replay", "dashboard");
        assertThat(replayed.exit()).as(replayed.out()).isZero();
        assertThat(replayed.out())
                .containsPattern("dashboard canary: (\\d+) of \\1 verdicts? recorded in .* judged "
                        + "again over 1 cycle: every verdict as recorded");

        // A history that no longer matches the stored views fails the reprojection.
        Path events = state.resolve("runtime-events.jsonl");
        Files.writeString(events, Files.readString(events).replace("\"retry_attempted\"", "\"healthy_cycle\""));
        TauMeshLauncherIT.Result mismatch = tauMesh("--dashboard-state-dir", state.toString(), "--dashboard-reproject");
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.err()).contains("the rebuilt widget views differ from widget-views.json");
        TauMeshLauncherIT.Result canaryMismatch =
                tauMesh("--dashboard-state-dir", state.toString(), "--decisions-replay", "dashboard");
        assertThat(canaryMismatch.exit()).isEqualTo(1);
        assertThat(canaryMismatch.out())
                .containsPattern("dashboard canary: .*: \\d+ verdicts? differs?")
                .contains("(differs in inputs");
    }

    @Test
    @Timeout(60)
    @DisplayName("a missing state dir and misused flags give clear errors")
    void errors() throws Exception {
        TauMeshLauncherIT.Result missing =
                tauMesh("--dashboard-state-dir", work.resolve("none").toString(), "--dashboard-canary-inspect");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
        TauMeshLauncherIT.Result both = tauMesh("--dashboard-status-inspect", "--gateway-status-inspect");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("are mutually exclusive (specify only one)");
        TauMeshLauncherIT.Result json = tauMesh("--dashboard-canary-json");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err()).contains("Missing required argument(s): --dashboard-canary-inspect");
    }
}
