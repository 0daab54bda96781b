package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.bus.ServiceStatus;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The page's runner card reads what a runner's status says, by the status's own shape. */
@DisplayName("A runner card")
class RunnerCardsTest {

    static final RolloutPolicy PASS = new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            return new Decision(RolloutGate.PASS, "always", List.of());
        }

        @Override
        public JsonObject describe() {
            return new JsonObject();
        }
    };

    @Test
    @DisplayName("binds paused, the queue and its limit, and the cycles from a runner's status as it is encoded")
    void bindsStatus() {
        RunnerState paused = RunnerState.initial("gateway", 7, PASS).withPaused(true);
        RunnerStatus.EventLog log = new RunnerStatus.EventLog("", 0, 0, false, List.of(), 0);
        JsonObject answer = MeshJson.toJson(new ServiceStatus(
                MeshMessage.SCHEMA_VERSION,
                "gateway",
                "node-1",
                "127.0.0.1:5701",
                "running",
                "2026-12-05T00:00:00Z",
                1,
                MeshJson.toJson(RunnerStatus.of("/state", paused, 3, log, List.of()))
                        .getMap()));

        UiViews.RunnerCard card =
                RunnerCards.card("gateway", MeshJson.fromJson(answer, RunnerCards.StatusAnswer.class), null);

        assertThat(card.answered()).isTrue();
        assertThat(card.paused()).isTrue();
        assertThat(card.queueDepth()).isEqualTo(3);
        assertThat(card.queueLimit()).isEqualTo(7);
        assertThat(card.cycleCount()).isZero();
        assertThat(card.storageFault()).isNull();
        assertThat(card.heartbeat()).as("no beat yet").isNull();
    }

    @Test
    @DisplayName("takes a runner's event age and self-repair state from the runtime heartbeat's report")
    void bindsHeartbeat() {
        JsonObject report = new JsonObject()
                .put("schema_version", 1)
                .put("status", "degraded")
                .put("updated_unix_ms", 1_800_000_000_000L)
                .put("tick", 7)
                .put(
                        "events",
                        List.of(
                                new JsonObject()
                                        .put("runtime", "gateway")
                                        .put("last_event_age_ms", 400_000)
                                        .put("source", "bus"),
                                new JsonObject().put("runtime", "dashboard").put("source", "none")))
                .put(
                        "self_repair",
                        new JsonObject()
                                .put("enabled", true)
                                .put("timeout_ms", 300_000)
                                .put(
                                        "runners",
                                        List.of(new JsonObject()
                                                .put("runtime", "gateway")
                                                .put("stuck", true)
                                                .put("stuck_for_ms", 400_000)
                                                .put("restarts", 1)
                                                .put("gave_up", false))));
        RunnerCards.HeartbeatBrief beat = MeshJson.fromJson(report, RunnerCards.HeartbeatBrief.class);

        assertThat(RunnerCards.beat(beat, "gateway"))
                .isEqualTo(new UiViews.Beat(1_800_000_000_000L, 400_000L, true, true, 400_000, 1, false));
        assertThat(RunnerCards.beat(beat, "dashboard"))
                .as("no event seen, no repair: not stuck")
                .isEqualTo(new UiViews.Beat(1_800_000_000_000L, null, true, false, 0, 0, false));
        assertThat(RunnerCards.beat(null, "gateway")).isNull();
    }
}
