package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.bus.message.ChildExit;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.DashboardLink;
import io.taumesh.core.contract.SupervisorStatus;
import java.util.List;
import java.util.Map;

/**
 * The supervisor's answers: {@code current_state()} and {@code health()}. The runtime heartbeat reads the state
 * through these records too; a command's result is {@link io.taumesh.core.bus.message.SupervisorCommandResult}.
 */
public final class SupervisorViews {

    private SupervisorViews() {}

    public record Children(int running, int failed, int quarantined, int targetCount) {}

    /** Restart tokens left of a budget, and of the kinds of exit with their own ({@code by_class}, when any). */
    public record Budget(
            int tokens,
            int capacity,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Budget> byClass) {}

    /** One child in {@code current_state()}; its restarts are written flat ({@code restart_count} ...). */
    public record ChildRuntimeRecord(
            String id,
            ChildKind kind,
            ChildState state,
            @JsonUnwrapped Restarts restarts,
            boolean critical,
            boolean blocked,
            String quarantineReason,
            String runtime) {}

    /**
     * How often the child restarted, how it last exited, the restarts it has left, when it is restarted, and what its
     * budget says ahead (docs/decisions.md, "Restart budget forecast").
     */
    public record Restarts(
            int restartCount,
            ChildExit lastExit,
            Budget restartBudget,
            RestartPolicy restartPolicy,
            RestartForecast restartForecast) {}

    public record State(int schemaVersion, Children children, List<ChildRuntimeRecord> childRuntimeRecords)
            implements MeshMessage {}

    record Health(
            int schemaVersion,
            SupervisorStatus status,
            long uptimeSecs,
            long controlLoopIterations,
            double iterationsPerSec,
            DashboardLink dashboardLink,
            List<String> blockedChildren,
            String reason)
            implements MeshMessage {}
}
