package io.taumesh.supervisor;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.DashboardLink;
import io.taumesh.core.contract.SupervisorStatus;
import java.util.ArrayList;
import java.util.List;

/** {@code current_state()} and {@code health()} as the supervisor answers them, built from the tree and the loop. */
final class SupervisorReports {

    private final SupervisionTree tree;
    private final ControlLoop loop;
    private final long linkTimeoutMs;
    private long lastLinkHeartbeatMs = -1;

    SupervisorReports(SupervisionTree tree, ControlLoop loop, long linkTimeoutMs) {
        this.tree = tree;
        this.loop = loop;
        this.linkTimeoutMs = linkTimeoutMs;
    }

    /** A relay heartbeat arrived on {@code tau.relay.link}. */
    void linkHeartbeat() {
        lastLinkHeartbeatMs = System.currentTimeMillis();
    }

    SupervisorViews.State state() {
        long now = System.currentTimeMillis();
        List<SupervisorViews.ChildRuntimeRecord> records = new ArrayList<>();
        int failed = 0;
        int quarantined = 0;
        for (ChildRecord r : tree.children()) {
            if (r.is(ChildState.QUARANTINED)) {
                quarantined++;
            } else if (r.failed()) {
                failed++;
            }
            records.add(new SupervisorViews.ChildRuntimeRecord(
                    r.spec.id(),
                    r.spec.launch().kind(),
                    r.state,
                    new SupervisorViews.Restarts(
                            r.restartCount,
                            TaskExit.view(r.lastExit),
                            r.budget.view(now),
                            r.spec.restart(),
                            r.forecast(now)),
                    r.spec.critical(),
                    r.blocked,
                    r.quarantineReason,
                    r.handle == null ? null : r.handle.describe()));
        }
        return new SupervisorViews.State(
                MeshMessage.SCHEMA_VERSION,
                new SupervisorViews.Children(tree.running(), failed, quarantined, records.size()),
                records);
    }

    SupervisorViews.Health health() {
        long now = System.currentTimeMillis();
        List<String> blocked = tree.children().stream()
                .filter(r -> r.blocked)
                .map(r -> r.spec.id())
                .toList();
        List<String> criticalDown = tree.children().stream()
                .filter(r -> r.spec.critical() && !r.is(ChildState.RUNNING))
                .map(r -> r.spec.id())
                .toList();
        SupervisorStatus status = tree.status();
        String reason = "all children as configured";
        if (status != SupervisorStatus.READY) {
            reason = status.wire();
        } else if (!blocked.isEmpty()) {
            status = SupervisorStatus.DEGRADED;
            reason = "blocked children (starvation): " + String.join(", ", blocked);
        } else if (!criticalDown.isEmpty()) {
            status = SupervisorStatus.DEGRADED;
            reason = "critical children not running: " + String.join(", ", criticalDown);
        }
        boolean linked = lastLinkHeartbeatMs >= 0 && now - lastLinkHeartbeatMs <= linkTimeoutMs;
        return new SupervisorViews.Health(
                MeshMessage.SCHEMA_VERSION,
                status,
                loop.uptimeSecs(now),
                loop.iterations(),
                loop.iterationsPerSec(now),
                linked ? DashboardLink.CONNECTED : DashboardLink.DISCONNECTED,
                blocked,
                reason);
    }
}
