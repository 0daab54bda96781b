package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.bus.message.ChildExit;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.supervisor.heartbeat.HeartbeatReport;
import io.taumesh.supervisor.heartbeat.HeartbeatStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The supervisor's answers and the heartbeat's state file keep their fields, in order, with their groups flat. */
@DisplayName("Grouped supervisor reports as JSON")
class GroupedReportsJsonTest {

    @Test
    @DisplayName("a child of current_state(): its restarts written flat")
    void childRuntimeRecord() {
        SupervisorViews.ChildRuntimeRecord record = new SupervisorViews.ChildRuntimeRecord(
                "g",
                ChildKind.PROCESS,
                ChildState.RUNNING,
                new SupervisorViews.Restarts(
                        3,
                        new ChildExit(ExitKind.FAILED, "r", "at", "disp"),
                        new SupervisorViews.Budget(4, 5, Map.of()),
                        RestartPolicy.TRANSIENT,
                        new RestartForecast(300L, List.of(100L, 200L), 4, 1_500L)),
                true,
                false,
                "q",
                "pid 1");
        assertThat(MeshJson.toJsonString(record))
                .isEqualTo("{\"id\":\"g\",\"kind\":\"process\",\"state\":\"running\",\"restart_count\":3,"
                        + "\"last_exit\":{\"kind\":\"Failed\",\"reason\":\"r\",\"at\":\"at\",\"display\":\"disp\"},"
                        + "\"restart_budget\":{\"tokens\":4,\"capacity\":5},\"restart_policy\":\"transient\","
                        + "\"restart_forecast\":{\"next_token_in_ms\":300,\"backoff_ahead_ms\":[100,200],"
                        + "\"restarts_before_quarantine\":4,\"quarantine_in_crash_loop_ms\":1500},"
                        + "\"critical\":true,\"blocked\":false,\"quarantine_reason\":\"q\",\"runtime\":\"pid 1\"}");
    }

    @Test
    @DisplayName("the heartbeat's state: its beat and probes written flat, and read back")
    void heartbeatReport() {
        String json = "{\"schema_version\":1,\"status\":\"degraded\",\"updated_at\":\"u\",\"updated_unix_ms\":5,"
                + "\"tick\":6,\"interval_ms\":7,\"pid\":8,\"queues\":[{\"runtime\":\"gateway\",\"available\":true,"
                + "\"error\":null,\"queue_depth\":1,\"paused\":false,\"cycle_count\":2,\"health_state\":\"healthy\"}],"
                + "\"events\":[{\"runtime\":\"gateway\",\"last_event_unix_ms\":1,\"last_event_age_ms\":2,"
                + "\"source\":\"bus\"}],\"jobs\":{\"available\":true,\"error\":null,\"running\":1,\"failed\":2,"
                + "\"quarantined\":3,\"target_count\":4,\"children\":[{\"id\":\"c\",\"state\":\"running\","
                + "\"restart_count\":0}]},\"self_repair\":{\"enabled\":true,\"timeout_ms\":1,\"max_retries\":2,"
                + "\"runners\":[],\"orphans\":{\"dir\":\"d\",\"max_age_seconds\":1,\"last_sweep_at\":null,\"kept\":2,"
                + "\"removed_total\":3,\"last_removed\":[],\"error\":null}},\"reasons\":[\"r1\"]}";
        HeartbeatReport report = new HeartbeatReport(
                MeshMessage.SCHEMA_VERSION,
                HeartbeatStatus.DEGRADED,
                "u",
                5,
                new HeartbeatReport.Beat(6, 7, 8),
                new HeartbeatReport.Probes(
                        List.of(new HeartbeatReport.Queue("gateway", true, null, 1, false, 2, "healthy")),
                        List.of(new HeartbeatReport.Events("gateway", 1L, 2L, "bus")),
                        new HeartbeatReport.Jobs(
                                true, null, 1, 2, 3, 4, List.of(new HeartbeatReport.Child("c", "running", 0)))),
                new HeartbeatReport.SelfRepair(
                        true, 1, 2, List.of(), new HeartbeatReport.Orphans("d", 1, null, 2, 3, List.of(), null)),
                List.of("r1"));
        assertThat(MeshJson.toJsonString(report)).isEqualTo(json);
        assertThat(MeshJson.fromJson(new JsonObject(json), HeartbeatReport.class))
                .isEqualTo(report);
    }
}
