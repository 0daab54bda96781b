package io.taumesh.core.runner.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.HealthState;
import io.vertx.core.json.JsonObject;
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
}
