package io.taumesh.dashboard;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Runtime events projected into widget views: per runtime its health, rollout gate, failure streak and
 * queue depth (with their recent history), reason-code counters and recent events; for the dashboard
 * runtime also its canary phase. A pure fold: the same events in the same order give the same views,
 * the same {@code seq}s and the same summary hash, whoever replays them. Times in views are the events' own.
 */
public final class WidgetProjection {

    /**
     * The version of the fold: raise it when a change to the projection makes the same events give other views, so
     * that a stored projection of the previous version is recognised as drifted rather than compared hash to hash.
     */
    public static final int VERSION = 3;

    static final int HISTORY = 30;
    static final int RECENT_EVENTS = 10;

    private final Map<String, WidgetView> views = new TreeMap<>();
    private final Map<String, Deque<Integer>> streakHistory = new LinkedHashMap<>();
    private final Map<String, Deque<Integer>> queueHistory = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> reasonCounts = new LinkedHashMap<>();
    private final Map<String, Deque<Map<String, Object>>> recent = new LinkedHashMap<>();
    private CanaryTracker canary = new CanaryTracker();
    /** The operator's canary decisions, each applied from the first dashboard cycle committed after it. */
    private CanaryDecisions decisions = CanaryDecisions.none();

    private long cycleId;
    private final boolean seqFromCycle;
    private long seqFloor;

    public WidgetProjection() {
        this(false);
    }

    private WidgetProjection(boolean seqFromCycle) {
        this.seqFromCycle = seqFromCycle;
    }

    /**
     * A projection of another runtime's events as they are published, which a process sees only from its own start
     * and does not store. A view's {@code seq} is the cycle that changed it (one more than the view's last when that
     * runtime's cycles started over), so the views of a restarted dashboard carry seqs above every one it published
     * before: a page that keeps views by {@code seq} takes them rather than ignoring them as stale.
     */
    public static WidgetProjection ofLiveEvents() {
        return new WidgetProjection(true);
    }

    /** Folds one cycle in; returns the views it changed, in id order. */
    public List<WidgetView> apply(CycleReport r) {
        String rt = r.runtime();
        String at = r.timing().timestamp();
        if ("dashboard".equals(rt)) {
            cycleId = r.cycleId();
        }
        seqFloor = seqFromCycle ? r.cycleId() : 0;
        List<WidgetView> changed = new ArrayList<>();

        putStatus(changed, r, at);
        put(
                changed,
                rt + ".failure_streak",
                "sparkline",
                series(streakHistory, rt, r.standing().failureStreak()),
                at);
        put(
                changed,
                rt + ".queue_depth",
                "sparkline",
                series(queueHistory, rt, r.results().counts().queueDepth()),
                at);

        Map<String, Long> counts = reasonCounts.computeIfAbsent(rt, k -> new TreeMap<>());
        r.results().reasonCodes().forEach(code -> counts.merge(code.wire(), 1L, Long::sum));
        put(changed, rt + ".reason_codes", "counter", new LinkedHashMap<>(counts), at);

        Deque<Map<String, Object>> events = remember(r);
        put(changed, rt + ".recent_events", "list", map("events", new ArrayList<>(events)), at);

        if ("dashboard".equals(rt)) {
            canary.accept(r);
            put(
                    changed,
                    "dashboard.canary",
                    "status",
                    CanaryTracker.summary(canary.evaluate(canary.latestMs(), decisions.before(r.cycleId()))),
                    at);
        }
        return changed;
    }

    /** The runtime's health and rollout views. */
    private void putStatus(List<WidgetView> changed, CycleReport r, String at) {
        put(
                changed,
                r.runtime() + ".health",
                "status",
                map(
                        "health_state",
                        r.standing().health().state().wire(),
                        "health_reason",
                        r.standing().health().reason(),
                        "cycle_id",
                        r.cycleId()),
                at);
        Map<String, Object> rollout = map(
                "rollout_gate",
                r.standing().rollout().gate().wire(),
                "rollout_reason_code",
                r.standing().rollout().reasonCode(),
                "rollout_breaches",
                r.standing().rollout().breaches());
        if (!r.standing().rollout().dryRunBreaches().isEmpty()) {
            // Only when a dry run breached: the views of a history without one stay as they were.
            rollout.put("rollout_dry_run_breaches", r.standing().rollout().dryRunBreaches());
        }
        put(changed, r.runtime() + ".rollout", "status", rollout, at);
    }

    /** Adds the cycle to its runtime's recent events, newest first, keeping the last {@link #RECENT_EVENTS}. */
    private Deque<Map<String, Object>> remember(CycleReport r) {
        Deque<Map<String, Object>> events = recent.computeIfAbsent(r.runtime(), k -> new ArrayDeque<>());
        events.addFirst(map(
                "cycle_id",
                r.cycleId(),
                "at",
                r.timing().timestamp(),
                "reason_codes",
                ReasonCode.wires(r.results().reasonCodes()),
                "health_state",
                r.standing().health().state().wire(),
                "processed",
                r.results().counts().processed(),
                "failed",
                r.results().counts().failed()));
        while (events.size() > RECENT_EVENTS) {
            events.removeLast();
        }
        return events;
    }

    /** Folds in the operator's canary decisions from now on (those of the state dir the events come from). */
    WidgetProjection decidingWith(CanaryDecisions canaryDecisions) {
        this.decisions = canaryDecisions;
        return this;
    }

    /** The canary's verdict after the latest dashboard cycle, as the decision record keeps it; null before one. */
    @Nullable
    CanaryVerdict canaryVerdict() {
        return canary.latestMs() == 0 ? null : CanaryVerdict.of(cycleId, canary, decisions.before(cycleId));
    }

    /** The canary evaluation the projection keeps for the canary widget. */
    CanaryTracker canary() {
        return canary;
    }

    /** The dashboard cycle the projection has folded in last (0 before any). */
    public long cycleId() {
        return cycleId;
    }

    /**
     * Everything the fold holds, so that a start (or a replay after old segments were removed) continues from
     * it instead of from the first event: the views and the histories, counters and canary state behind them.
     */
    public JsonObject snapshot() {
        // Through JSON: a snapshot must not share the fold's live objects.
        return MeshJson.toJson(new Checkpoint(
                cycleId,
                List.copyOf(views.values()),
                streakHistory,
                queueHistory,
                reasonCounts,
                recent,
                canary.snapshot()));
    }

    /** What {@link #snapshot()} holds, as {@code widget-views.json} keeps it under {@code projection}. */
    record Checkpoint(
            long cycleId,
            List<WidgetView> views,
            Map<String, Deque<Integer>> streakHistory,
            Map<String, Deque<Integer>> queueHistory,
            Map<String, Map<String, Long>> reasonCounts,
            Map<String, Deque<Map<String, Object>>> recent,
            CanaryTracker.Checkpoint canary) {}

    /** A projection that continues from a {@link #snapshot()}. */
    public static WidgetProjection restore(JsonObject snapshot) {
        Checkpoint s = MeshJson.bind(snapshot, Checkpoint.class);
        WidgetProjection p = new WidgetProjection();
        p.cycleId = s.cycleId();
        s.views().forEach(view -> p.views.put(view.id(), view));
        p.streakHistory.putAll(s.streakHistory());
        p.queueHistory.putAll(s.queueHistory());
        s.reasonCounts().forEach((runtime, counts) -> p.reasonCounts.put(runtime, new TreeMap<>(counts)));
        p.recent.putAll(s.recent());
        p.canary = CanaryTracker.restore(s.canary());
        return p;
    }

    public List<WidgetView> views() {
        return List.copyOf(views.values());
    }

    /** SHA-256 over the canonical JSON of every view in id order. */
    public String summaryHash() {
        JsonArray all = new JsonArray();
        views.values().forEach(v -> all.add(MeshJson.toJson(v)));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(all.encode().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void put(List<WidgetView> changed, String id, String kind, Map<String, Object> data, String at) {
        // Normalise through JSON so that equal data compares equal however it was built.
        Map<String, Object> normal = new JsonObject(MeshJson.toJsonString(data)).getMap();
        WidgetView old = views.get(id);
        if (old != null && Objects.equals(old.data(), normal) && old.kind().equals(kind)) {
            return;
        }
        long seq = Math.max(old == null ? 1 : old.seq() + 1, seqFloor);
        WidgetView view = new WidgetView(1, id, kind, normal, seq, at);
        views.put(id, view);
        changed.add(view);
    }

    private static Map<String, Object> series(Map<String, Deque<Integer>> histories, String runtime, int value) {
        Deque<Integer> history = histories.computeIfAbsent(runtime, k -> new ArrayDeque<>());
        history.addLast(value);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        return map("value", value, "history", new ArrayList<>(history));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
