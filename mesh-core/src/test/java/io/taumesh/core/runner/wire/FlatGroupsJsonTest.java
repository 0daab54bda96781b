package io.taumesh.core.runner.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Records whose groups are written flat keep the fields, and their order, that readers and files know. */
@DisplayName("Grouped wire records as JSON")
class FlatGroupsJsonTest {

    private static final String TRANSPORT_HEALTH = "{\"schema_version\":1,\"runtime\":\"gateway\",\"state_dir\":\"/s\","
            + "\"health_state\":\"degraded\",\"health_reason\":\"why\",\"updated_unix_ms\":11,\"cycle_duration_ms\":12,"
            + "\"cycle_count\":13,\"queue_depth\":14,\"active_runs\":15,\"failure_streak\":16,"
            + "\"last_cycle_discovered\":17,\"last_cycle_processed\":18,\"last_cycle_completed\":19,"
            + "\"last_cycle_failed\":20,\"last_cycle_duplicates\":21,\"last_cycle_malformed\":22,"
            + "\"last_retryable_failures\":23}";

    private static final String OUTPUT =
            "{\"schema_version\":1,\"case_id\":\"c1\",\"channel_id\":\"ch\",\"cycle_id\":7,"
                    + "\"source\":\"fixture\",\"request_id\":\"rq\",\"outcome\":\"failed\",\"attempts\":2,\"status\":500,"
                    + "\"result\":{\"k\":\"v\"},\"reason\":\"bad\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

    private static final String OUTSIDE =
            "{\"schema_version\":1,\"case_id\":null,\"channel_id\":\"ch\",\"cycle_id\":null,"
                    + "\"source\":\"http\",\"request_id\":\"rq\",\"outcome\":\"succeeded\",\"attempts\":1,\"status\":200,"
                    + "\"result\":null,\"reason\":null,\"timestamp\":\"t\"}";

    @Test
    @DisplayName("transport health: health_*, cycles, load and last_cycle_* written flat, and read back")
    void transportHealth() {
        TransportHealth h = new TransportHealth(
                MeshMessage.SCHEMA_VERSION,
                "gateway",
                "/s",
                new HealthState.Classified(HealthState.DEGRADED, "why"),
                new TransportHealth.Cycles(11, 12, 13),
                new TransportHealth.Load(14, 15, 16),
                new TransportHealth.LastCycle(17, 18, 19, 20, 21, 22),
                23);
        assertThat(MeshJson.toJsonString(h)).isEqualTo(TRANSPORT_HEALTH);
        assertThat(MeshJson.fromJson(new JsonObject(TRANSPORT_HEALTH), TransportHealth.class))
                .isEqualTo(h);
    }

    @Test
    @DisplayName("an output line: its origin and verdict written flat, a line of before read back the same")
    void outputRecord() {
        OutputRecord fixture = new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin("c1", "ch", 7L, "fixture", "rq"),
                new OutputRecord.Verdict(CaseOutcome.FAILED, 2, 500, Map.of("k", "v"), "bad"),
                "2026-01-01T00:00:00Z");
        OutputRecord outside = new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin(null, "ch", null, "http", "rq"),
                new OutputRecord.Verdict(CaseOutcome.SUCCEEDED, 1, 200, null, null),
                "t");
        assertThat(MeshJson.toJsonString(fixture)).isEqualTo(OUTPUT);
        assertThat(MeshJson.toJsonString(outside)).isEqualTo(OUTSIDE);
        assertThat(MeshJson.fromJson(new JsonObject(OUTPUT), OutputRecord.class))
                .isEqualTo(fixture);
        assertThat(MeshJson.fromJson(new JsonObject(OUTSIDE), OutputRecord.class))
                .isEqualTo(outside);
    }

    @Test
    @DisplayName("a history point: its durations, cases and worst written flat, and read back")
    void historyPoint() {
        HistoryWindow.Point p = new HistoryWindow.Point(
                1_000L,
                3,
                new HistoryWindow.Durations(4, 9),
                new HistoryWindow.Cases(5, 1, 0, 2),
                new HistoryWindow.Worst(2, 7, "degraded", "hold"));
        String json = "{\"at\":1000,\"cycles\":3,\"duration_ms_avg\":4,\"duration_ms_max\":9,\"succeeded\":5,"
                + "\"failed\":1,\"malformed\":0,\"duplicates\":2,\"failure_streak_max\":2,\"queue_depth_max\":7,"
                + "\"health\":\"degraded\",\"gate\":\"hold\"}";
        assertThat(MeshJson.toJsonString(p)).isEqualTo(json);
        assertThat(MeshJson.bind(new JsonObject(json), HistoryWindow.Point.class))
                .isEqualTo(p);
    }

    @Test
    @DisplayName("a gate decision: which, its outcome and its policy written flat as decisions.jsonl holds them, and "
            + "read back; no dry_run_breaches when there are none")
    void gateDecision() {
        GateDecision d = new GateDecision(
                new GateDecision.Taken("gateway:gate:7", "gate", "gateway", 7, "2026-01-01T00:00:00Z", 1_000L),
                new GateDecision.Outcome(
                        RolloutGate.HOLD, "failure_streak_threshold_breached", List.of("b1", "b2"), List.of()),
                true,
                new GateDecision.Inputs(HealthState.FAILING, "why", 3, 1, 0, 2, 4),
                List.of(5L, 6L, 7L),
                new GateDecision.PolicyUsed(Map.of("failure_streak_threshold", 3), "abcdef012345"),
                List.of("failure_streak 3 >= 3"));
        String json = "{\"decision_id\":\"gateway:gate:7\",\"kind\":\"gate\",\"runtime\":\"gateway\",\"cycle_id\":7,"
                + "\"at\":\"2026-01-01T00:00:00Z\",\"at_unix_ms\":1000,\"verdict\":\"hold\","
                + "\"reason_code\":\"failure_streak_threshold_breached\",\"breaches\":[\"b1\",\"b2\"],\"sample\":true,"
                + "\"inputs\":{\"health\":\"failing\",\"health_reason\":\"why\",\"failure_streak\":3,"
                + "\"last_cycle_failed\":1,\"last_retryable_failures\":0,\"queue_depth\":2,\"fresh_samples\":4},"
                + "\"streak_cycle_ids\":[5,6,7],\"policy\":{\"failure_streak_threshold\":3},"
                + "\"policy_version\":\"abcdef012345\",\"why\":[\"failure_streak 3 >= 3\"]}";
        assertThat(MeshJson.toJsonString(d)).isEqualTo(json);
        assertThat(MeshJson.bind(new JsonObject(json), GateDecision.class)).isEqualTo(d);
        GateDecision dryRun = new GateDecision(
                d.taken(),
                new GateDecision.Outcome(RolloutGate.PASS, "ok", List.of(), List.of("health_degraded")),
                d.sample(),
                d.inputs(),
                d.streakCycleIds(),
                d.policyUsed(),
                d.why());
        assertThat(MeshJson.toJsonString(dryRun))
                .contains("\"breaches\":[],\"dry_run_breaches\":[\"health_degraded\"],");
    }

    private static final RolloutPolicy PASSING = GateWindow.DEFAULT.over(new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            return new Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of());
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "passing");
        }
    });

    @Test
    @DisplayName("a runner's status: its standing, progress, tallies and history written flat, and read back")
    void runnerStatus() {
        RunnerState state = RunnerState.initial("gateway", 10, PASSING).reevaluated(0, PASSING);
        RunnerStatus status = RunnerStatus.of(
                "/s",
                state,
                3,
                new RunnerStatus.EventLog("/s/runtime-events.jsonl", 0, 0, false, List.of(), 0),
                List.of(),
                null);
        String json = MeshJson.toJsonString(status);
        assertThat(json).isEqualTo(RUNNER_STATUS);
        // Read back whole (a policy's numbers come back as the JSON's, so compared as JSON).
        assertThat(MeshJson.toJsonString(MeshJson.bind(new JsonObject(json), RunnerStatus.class)))
                .isEqualTo(json);
    }

    private static final String RUNNER_STATUS =
            "{\"schema_version\":1,\"runtime\":\"gateway\",\"state_dir\":\"/s\",\"health_state\":\"healthy\""
                    + ",\"health_reason\":\"no failures, retries or backlog in the last cycle\",\"rollout_gate\":\"hold\""
                    + ",\"rollout_reason_code\":\"insufficient_data\",\"rollout_breaches\":[\"insufficient_data\"]"
                    + ",\"rollout_policy\":{\"kind\":\"passing\",\"window_min_samples\":1,\"window_max_age_ms\":3600000}"
                    + ",\"failure_streak\":0,\"last_cycle_failed\":0,\"last_retryable_failures\":0,\"last_retry_attempts\":0"
                    + ",\"last_cycle_at\":null,\"last_cycle_unix_ms\":0,\"last_cycle_duration_ms\":0,\"queue_depth\":3"
                    + ",\"queue_limit\":10,\"paused\":false,\"cycle_count\":0,\"last_cycle_reason_codes\":[]"
                    + ",\"counters\":{\"cycles\":0,\"cases_processed\":0,\"cases_succeeded\":0,\"cases_failed\":0"
                    + ",\"retry_attempts\":0,\"retryable_failures\":0,\"duplicates_skipped\":0,\"malformed_rejected\":0"
                    + ",\"backpressure_cycles\":0},\"reason_code_counts\":{},\"events\":{\"path\":\"/s/runtime-events.jsonl\""
                    + ",\"cycles\":0,\"last_cycle_id\":0,\"torn_last_line\":false,\"invalid_lines\":[],\"segments\":0}"
                    + ",\"recent_cycles\":[]}";

    @Test
    @DisplayName("a cycle report: timing, trace, results and standing written flat as runtime-events.jsonl holds "
            + "them, and read back")
    void cycleReport() {
        CycleReport report = new CycleReport(
                MeshMessage.SCHEMA_VERSION,
                "gateway",
                7,
                new CycleTiming("2026-01-01T00:00:00Z", 1_000L, 12),
                "fixture",
                new CycleTrace("rq-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                new CycleReport.Results(
                        List.of(ReasonCode.CASE_PROCESSING_FAILED),
                        new CycleCounts(5, 4, 3, 1, 2, 1, 1, 0, 6),
                        Map.of("gateway_sessions", 2)),
                new CycleReport.Standing(
                        new HealthState.Classified(HealthState.DEGRADED, "one failed"),
                        1,
                        new RolloutPolicy.Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of())),
                List.of(new CaseNote("fixture", "c1", CaseOutcome.FAILED, "text", "empty")));
        String json = MeshJson.toJsonString(report);
        assertThat(json).isEqualTo(CYCLE_REPORT);
        assertThat(MeshJson.toJsonString(MeshJson.bind(new JsonObject(json), CycleReport.class)))
                .isEqualTo(json);
    }

    private static final String CYCLE_REPORT =
            "{\"schema_version\":1,\"runtime\":\"gateway\",\"cycle_id\":7,\"timestamp\":\"2026-01-01T00:00:00Z\""
                    + ",\"timestamp_unix_ms\":1000,\"duration_ms\":12,\"trigger\":\"fixture\",\"request_id\":\"rq-1\""
                    + ",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\""
                    + ",\"reason_codes\":[\"case_processing_failed\"],\"counts\":{\"discovered\":5,\"processed\":4,\"succeeded\":3"
                    + ",\"failed\":1,\"retry_attempts\":2,\"retryable_failures\":1,\"duplicates\":1,\"malformed\":0"
                    + ",\"queue_depth\":6},\"runtime_counts\":{\"gateway_sessions\":2},\"health_state\":\"degraded\""
                    + ",\"health_reason\":\"one failed\",\"failure_streak\":1,\"rollout_gate\":\"pass\""
                    + ",\"rollout_reason_code\":\"guardrails_within_thresholds\",\"rollout_breaches\":[]"
                    + ",\"notes\":[{\"origin\":\"fixture\",\"case_id\":\"c1\",\"outcome\":\"failed\",\"field\":\"text\""
                    + ",\"reason\":\"empty\"}]}";

    @Test
    @DisplayName("state.json as earlier builds wrote it reads into the grouped state and is written back with the same "
            + "fields; a state that keeps no gate samples takes its last cycle's time, if that cycle ran cases")
    void runnerState() {
        JsonObject written = new JsonObject("{\"schema_version\":1,\"runtime\":\"gateway\",\"cycle_count\":7"
                + ",\"health_state\":\"degraded\",\"health_reason\":\"one failed\",\"failure_streak\":1"
                + ",\"rollout_gate\":\"pass\",\"rollout_reason_code\":\"guardrails_within_thresholds\""
                + ",\"rollout_breaches\":[],\"rollout_policy\":{\"kind\":\"passing\"}"
                + ",\"last_cycle_failed\":1,\"last_retryable_failures\":1,\"last_retry_attempts\":2"
                + ",\"last_cycle_at\":\"2026-01-01T00:00:00Z\",\"last_cycle_unix_ms\":1000,\"last_cycle_duration_ms\":12"
                + ",\"queue_depth\":6,\"queue_limit\":512,\"paused\":true"
                + ",\"counters\":{\"cycles\":7,\"cases_processed\":4,\"cases_succeeded\":3,\"cases_failed\":1"
                + ",\"retry_attempts\":2,\"retryable_failures\":1,\"duplicates_skipped\":1,\"malformed_rejected\":0"
                + ",\"backpressure_cycles\":0},\"reason_code_counts\":{\"case_processing_failed\":1}"
                + ",\"fixture_cursors\":[],\"last_cycle\":" + CYCLE_REPORT + ",\"gate_samples_unix_ms\":[900,1000]}");
        RunnerState state = MeshJson.bind(written, RunnerState.class);
        assertThat(state.standing().failureStreak()).isEqualTo(1);
        assertThat(state.standing().rollout().gate()).isEqualTo(RolloutGate.PASS);
        assertThat(state.latest().recent().lastRetryAttempts()).isEqualTo(2);
        assertThat(state.latest().lastCycle().cycleId()).isEqualTo(7);
        assertThat(state.latest().gateSamplesUnixMs()).containsExactly(900L, 1000L);
        assertThat(state.queue().paused()).isTrue();
        assertThat(state.tallies().reasonCodeCounts()).containsEntry("case_processing_failed", 1L);
        assertThat(new JsonObject(MeshJson.toJsonString(state))).isEqualTo(written);

        written.remove("gate_samples_unix_ms");
        assertThat(MeshJson.bind(written, RunnerState.class).latest().gateSamplesUnixMs())
                .as("an older build's state: its last cycle ran cases")
                .containsExactly(1000L);

        JsonObject corrupt = written.copy().put("failure_streak", "many");
        assertThatThrownBy(() -> MeshJson.bind(corrupt, RunnerState.class))
                .as("a field of a group read flat is named when it is corrupt")
                .hasMessageContaining("failure_streak");
    }
}
