package io.taumesh.supervisor;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.message.ChildEvent;
import io.taumesh.core.bus.message.ClusterDecision;
import io.taumesh.core.bus.message.ClusterView;
import io.taumesh.core.bus.message.ShutdownPhaseEvent;
import io.taumesh.core.bus.message.SupervisorMarker;
import io.taumesh.core.bus.message.SupervisorMarkers;
import io.taumesh.core.contract.ChildLifecycle;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.supervisor.heartbeat.HeartbeatReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * What the page marks on a runtime's history axis, kept in {@code markers.jsonl} of the supervisor's state dir: the
 * children's restarts, quarantines, releases and removals (from the supervisor's own events), the members that
 * joined or left the cluster (as its node sees them, every 2 s), and the decisions nodes took about the cluster (stale
 * registrations removed, members refused). Served on {@code tau.supervisor.markers}.
 */
final class MarkerLog {

    static final String FILE = MarkerFile.NAME;
    static final int MAX_ANSWER = 500;
    static final long MEMBER_POLL_MS = 2_000;

    private static final LogRetention RETENTION = new LogRetention(1024 * 1024, 8);
    private static final Logger LOG = Logger.getLogger(MarkerLog.class.getName());

    private final Vertx vertx;
    private final SegmentedLog log;
    private Set<String> members;
    /** The runtimes self-repair has given up on, so that each give-up is one marker. */
    private final Set<String> givenUp = new HashSet<>();

    private long pollTimer = -1;

    private MarkerLog(Vertx vertx, SegmentedLog log) {
        this.vertx = vertx;
        this.log = log;
    }

    /** Blocking work on a worker: makes the state dir. */
    static Future<MarkerLog> open(Vertx vertx, Path stateDir) {
        return vertx.executeBlocking(() -> {
            Files.createDirectories(stateDir);
            return new MarkerLog(vertx, new SegmentedLog(stateDir.resolve(FILE), RETENTION));
        });
    }

    /** Follows the supervisor's events and the node's members, and answers queries. */
    Future<Void> start(NodeIdentity node) {
        Future<Void> events = vertx.eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_EVENTS, m -> childEvent(m.body()))
                .completion();
        Future<Void> queries = vertx.eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_MARKERS, this::answer)
                .completion();
        Future<Void> beats = vertx.eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_HEARTBEAT, m -> selfRepair(m.body()))
                .completion();
        Future<Void> cluster = vertx.eventBus()
                .<JsonObject>consumer(Addresses.CLUSTER_DECISIONS, m -> clusterDecision(m.body()))
                .completion();
        pollTimer = vertx.setPeriodic(MEMBER_POLL_MS, id -> pollMembers(node));
        return Future.all(events, queries, beats, cluster).mapEmpty();
    }

    void stop() {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
            pollTimer = -1;
        }
    }

    private void childEvent(JsonObject body) {
        if (body == null || ShutdownPhaseEvent.isOne(body)) {
            return;
        }
        ChildEvent event;
        try {
            event = MeshJson.fromJson(body, ChildEvent.class);
        } catch (RuntimeException e) {
            LOG.warning(() -> "a child event it cannot read is not marked: " + e.getMessage());
            return;
        }
        String kind = event.event().wire();
        if (MarkerFile.CHILD_KINDS.contains(kind)) {
            record(new SupervisorMarker(System.currentTimeMillis(), kind, event.childId(), reason(event)));
        }
    }

    /**
     * A restart says which, what budget it left and who asked (self-repair); a quarantine, why; a release, the
     * operator's reason; anything else, how the child's run ended.
     */
    private static @Nullable String reason(ChildEvent event) {
        if (event.quarantineReason() != null) {
            return event.quarantineReason();
        }
        String asked = event.operatorReason();
        if (event.event() == ChildLifecycle.RESTARTED) {
            ChildEvent.Restarts r = event.restarts();
            return "restart " + r.restartCount()
                    + (r.restartDelayMs() == null
                            ? ""
                            : " after " + r.restartDelayMs() + " ms (" + r.crashClass() + " exit)")
                    + ", " + r.restartBudgetTokens() + " restart tokens left"
                    + (asked == null ? "" : "; " + asked);
        }
        if (asked != null) {
            return asked;
        }
        return event.exit() == null ? null : event.exit().display();
    }

    /**
     * Self-repair giving up on a stuck runner is a decision to leave it: one marker when it gives up (the heartbeat
     * says so every interval until the runner cycles again).
     */
    private void selfRepair(JsonObject body) {
        HeartbeatReport report;
        try {
            report = MeshJson.fromJson(body, HeartbeatReport.class);
        } catch (RuntimeException e) {
            return;
        }
        if (report.selfRepair() == null || report.selfRepair().runners() == null) {
            return;
        }
        for (HeartbeatReport.RunnerRepair runner : report.selfRepair().runners()) {
            if (!runner.gaveUp()) {
                givenUp.remove(runner.runtime());
            } else if (givenUp.add(runner.runtime())) {
                record(new SupervisorMarker(
                        System.currentTimeMillis(), MarkerFile.SELF_REPAIR_GAVE_UP, runner.runtime(), runner.note()));
            }
        }
    }

    /** A node's decision about the cluster (a stale registration removed, a member refused), with who took it. */
    private void clusterDecision(JsonObject body) {
        ClusterDecision d;
        try {
            d = MeshJson.fromJson(body, ClusterDecision.class);
        } catch (RuntimeException e) {
            LOG.warning(() -> "a cluster decision it cannot read is not kept: " + e.getMessage());
            return;
        }
        record(new SupervisorMarker(
                d.atMs(), d.kind(), d.subject(), d.detail() + "; decided by node " + d.decidedBy()));
    }

    /** The first answer only sets what is known; each change after it is a marker. */
    private void pollMembers(NodeIdentity node) {
        vertx.eventBus()
                .<JsonObject>request(Addresses.nodeCluster(node.nodeId()), new JsonObject())
                // An answer that does not read fails the poll, as one that does not come does: the next one counts.
                .map(reply -> MeshJson.fromJson(reply.body(), ClusterView.class))
                .onSuccess(view -> {
                    Set<String> now = new HashSet<>();
                    view.members().forEach(m -> now.add(m.address()));
                    if (members != null) {
                        long at = System.currentTimeMillis();
                        now.stream()
                                .filter(a -> !members.contains(a))
                                .forEach(a -> record(new SupervisorMarker(at, "member_joined", a, null)));
                        members.stream()
                                .filter(a -> !now.contains(a))
                                .forEach(a -> record(new SupervisorMarker(at, "member_left", a, null)));
                    }
                    members = now;
                });
    }

    /** Appended (forced) on a worker, in order. */
    private void record(SupervisorMarker marker) {
        vertx.executeBlocking(
                        () -> {
                            log.append(List.of(MeshJson.toJsonString(marker)));
                            return null;
                        },
                        true)
                .onFailure(err -> LOG.warning(() -> "marker not kept: " + marker + ": " + err.getMessage()));
    }

    private void answer(Message<JsonObject> msg) {
        Object from = msg.body() == null ? 0L : msg.body().getValue("from_ms", 0L);
        if (!(from instanceof Number n)) {
            msg.fail(400, "from_ms: must be a time in milliseconds, got " + from);
            return;
        }
        long since = n.longValue();
        vertx.executeBlocking(
                        () -> {
                            Deque<SupervisorMarker> newest = new ArrayDeque<>();
                            log.forEach(line -> {
                                if (line.getLong("at_ms", -1L) >= since) {
                                    newest.addLast(MeshJson.bind(line, SupervisorMarker.class));
                                    if (newest.size() > MAX_ANSWER) {
                                        newest.removeFirst();
                                    }
                                }
                            });
                            return SupervisorMarkers.of(new ArrayList<>(newest));
                        },
                        true)
                .onSuccess(markers -> MeshBus.reply(msg, markers))
                .onFailure(err -> msg.fail(500, "markers not read: " + err.getMessage()));
    }
}
