package io.taumesh.supervisor;

import io.taumesh.core.bus.message.ChildExit;
import io.taumesh.core.contract.ExitKind;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How a child's run ended: its kind, why, and when. */
public record TaskExit(ExitKind kind, String reason, String at) {

    public static TaskExit of(ExitKind kind, String reason) {
        return new TaskExit(kind, reason, Instant.now().toString());
    }

    /** The exit as the supervisor's views and events carry it; none for a child that has not exited. */
    static @Nullable ChildExit view(@Nullable TaskExit exit) {
        return exit == null ? null : new ChildExit(exit.kind, exit.reason, exit.at, exit.display());
    }

    public boolean abnormal() {
        return kind.abnormal();
    }

    /** The form the runbooks and the journal use: {@code TaskExit::Failed(exit code 3)}. */
    public String display() {
        return "TaskExit::" + kind.wire() + (reason == null || reason.isEmpty() ? "" : "(" + reason + ")");
    }
}
