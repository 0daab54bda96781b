package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.ControlVerdict;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor's answer to a command: accepted or rejected, why, and the runbook's {@code CommandResult} text. A
 * repeat of a command with the same idempotency key gets the first answer again, marked {@code duplicate}.
 */
public record SupervisorCommandResult(
        int schemaVersion,
        @Nullable String command,
        @Nullable String childId,
        ControlVerdict result,
        String reason,
        String display,
        boolean duplicate)
        implements MeshMessage {

    public static SupervisorCommandResult accepted(@Nullable String command, @Nullable String childId, String reason) {
        return new SupervisorCommandResult(
                SCHEMA_VERSION, command, childId, ControlVerdict.ACCEPTED, reason, "CommandResult::Accepted", false);
    }

    public static SupervisorCommandResult rejected(@Nullable String command, @Nullable String childId, String reason) {
        return new SupervisorCommandResult(
                SCHEMA_VERSION,
                command,
                childId,
                ControlVerdict.REJECTED,
                reason,
                "CommandResult::Rejected(" + reason + ")",
                false);
    }

    public SupervisorCommandResult asDuplicate() {
        return new SupervisorCommandResult(schemaVersion, command, childId, result, reason, display, true);
    }

    public boolean accepted() {
        return result == ControlVerdict.ACCEPTED;
    }
}
