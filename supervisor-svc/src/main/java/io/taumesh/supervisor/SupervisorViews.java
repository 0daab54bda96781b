package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.DashboardLink;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.SupervisorStatus;
import java.util.List;

/** The supervisor's answers: {@code current_state()}, {@code health()}, and a command's result. */
final class SupervisorViews {

    private SupervisorViews() {}

    record Children(int running, int failed, int quarantined, int targetCount) {}

    record Budget(int tokens, int capacity) {}

    record Exit(ExitKind kind, String reason, String at, String display) {
        static Exit of(TaskExit e) {
            return e == null ? null : new Exit(e.kind(), e.reason(), e.at(), e.display());
        }
    }

    /** One child in {@code current_state()}; its restarts are written flat ({@code restart_count} ...). */
    record ChildRuntimeRecord(
            String id,
            ChildKind kind,
            ChildState state,
            @JsonUnwrapped Restarts restarts,
            boolean critical,
            boolean blocked,
            String quarantineReason,
            String runtime) {}

    /** How often the child restarted, how it last exited, the restarts it has left, and when it is restarted. */
    record Restarts(int restartCount, Exit lastExit, Budget restartBudget, RestartPolicy restartPolicy) {}

    record State(int schemaVersion, Children children, List<ChildRuntimeRecord> childRuntimeRecords)
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

    record CommandResult(
            int schemaVersion, String command, String childId, ControlVerdict result, String reason, String display)
            implements MeshMessage {

        static CommandResult accepted(String command, String childId, String reason) {
            return new CommandResult(
                    SCHEMA_VERSION, command, childId, ControlVerdict.ACCEPTED, reason, "CommandResult::Accepted");
        }

        static CommandResult rejected(String command, String childId, String reason) {
            return new CommandResult(
                    SCHEMA_VERSION,
                    command,
                    childId,
                    ControlVerdict.REJECTED,
                    reason,
                    "CommandResult::Rejected(" + reason + ")");
        }
    }
}
