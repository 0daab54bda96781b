package io.taumesh.bench;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.RunnerCheckpoint;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.OutputRecord;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.gateway.GatewayGuardrails;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway state dir with a long history, written directly through the engine's own stores: running a million
 * cycles would take the benchmark's whole time, and the stores write what the cycles would have.
 */
final class HistoryWriter {

    /** Cycles appended to the stores at once. */
    private static final int BATCH = 10_000;

    private final int actors;

    /** Spreads the cases over {@code actors} channels. */
    HistoryWriter(int actors) {
        this.actors = actors;
    }

    /**
     * A gateway state dir with {@code n} committed cycles of one case each, through the engine's own stores:
     * outputs per actor, the event log (rolling into segments), the case index and checkpoint, and state.json.
     */
    void write(Path dir, long n) throws Exception {
        StateStore store = new StateStore(dir, "gateway", LogRetention.DEFAULT);
        Files.createDirectories(dir);
        List<String> ids = new ArrayList<>();
        CycleReport last = null;
        for (long start = 1; start <= n; start += BATCH) {
            long end = Math.min(n, start + BATCH - 1);
            Map<String, List<OutputRecord>> outputs = new LinkedHashMap<>();
            List<String> events = new ArrayList<>();
            for (long cycle = start; cycle <= end; cycle++) {
                String caseId = "case-" + cycle;
                String actor = "actor-" + (cycle % actors);
                ids.add(caseId);
                outputs.computeIfAbsent(actor, k -> new ArrayList<>()).add(output(caseId, actor, cycle));
                last = report(cycle);
                events.add(MeshJson.toJsonString(last));
            }
            store.channels().append(outputs);
            store.events().append(events);
        }
        store.checkpoint(n, 0, ids);
        store.writeState(state(n, last));
        if (store.loadCheckpoint().cycleId() != n || store.loadCheckpoint().equals(RunnerCheckpoint.NONE)) {
            throw new IllegalStateException("the generated checkpoint does not cover the history");
        }
    }

    /** The runner's state after {@code n} cycles that each succeeded with their one case. */
    private static RunnerState state(long n, CycleReport last) {
        RunnerState initial = RunnerState.initial("gateway", 1, GatewayGuardrails.DEFAULT);
        JsonObject json = MeshJson.toJson(initial).put("cycle_count", n).put("last_cycle", MeshJson.toJson(last));
        json.getJsonObject("counters")
                .put("cycles", n)
                .put("cases_processed", n)
                .put("cases_succeeded", n);
        return MeshJson.fromJson(json, RunnerState.class);
    }

    /** The accepted message of one case, as the gateway records it on the actor's channel. */
    private static OutputRecord output(String caseId, String actor, long cycle) {
        return new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin(caseId, actor, cycle, "fixture", "bench"),
                new OutputRecord.Verdict(
                        CaseOutcome.SUCCEEDED,
                        1,
                        202,
                        Map.of("actor_id", actor, "kind", "message", "accepted", true, "chars", 42),
                        null),
                "2026-01-01T00:00:00Z");
    }

    /** When cycle {@code cycle} ran: one a second from 2026-01-01. */
    static long timestampOf(long cycle) {
        return 1767225600000L + cycle * 1000;
    }

    /** A healthy cycle's report, as the event log holds one line per cycle. */
    private static CycleReport report(long cycle) {
        JsonObject r = new JsonObject()
                .put("schema_version", 1)
                .put("runtime", "gateway")
                .put("cycle_id", cycle)
                .put("timestamp", "2026-01-01T00:00:00Z")
                .put("timestamp_unix_ms", timestampOf(cycle))
                .put("duration_ms", 3)
                .put("trigger", "batch")
                .put("request_id", "bench")
                .put("traceparent", Correlation.fresh().traceparent())
                .put("reason_codes", new JsonArray().add("healthy_cycle"))
                .put(
                        "counts",
                        new JsonObject()
                                .put("discovered", 1)
                                .put("processed", 1)
                                .put("succeeded", 1)
                                .put("failed", 0)
                                .put("retry_attempts", 0)
                                .put("retryable_failures", 0)
                                .put("duplicates", 0)
                                .put("malformed", 0)
                                .put("queue_depth", 0))
                .put("runtime_counts", new JsonObject())
                .put("health_state", "healthy")
                .put("health_reason", "ok")
                .put("failure_streak", 0)
                .put("rollout_gate", "pass")
                .put("rollout_reason_code", "guardrails_within_thresholds")
                .put("rollout_breaches", new JsonArray())
                .put("notes", new JsonArray());
        return MeshJson.fromJson(r, CycleReport.class);
    }
}
