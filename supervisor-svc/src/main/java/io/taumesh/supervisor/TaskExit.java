package io.taumesh.supervisor;

import io.taumesh.core.contract.ExitKind;

/** How a child's run ended: its kind, why, and when. */
public record TaskExit(ExitKind kind, String reason, String at) {

    public static TaskExit of(ExitKind kind, String reason) {
        return new TaskExit(kind, reason, java.time.Instant.now().toString());
    }

    public boolean abnormal() {
        return kind.abnormal();
    }

    /** The form the runbooks and the journal use: {@code TaskExit::Failed(exit code 3)}. */
    public String display() {
        return "TaskExit::" + kind.wire() + (reason == null || reason.isEmpty() ? "" : "(" + reason + ")");
    }
}
