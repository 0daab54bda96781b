package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A command on {@code tau.supervisor.command}. Those on one child are also control actions that the
 * dashboard routes to the supervisor ({@code restart_child} ...).
 */
public enum SupervisorCommand implements WireName {
    ADD(false),
    REMOVE(true),
    RESTART(true),
    QUARANTINE(true),
    RELEASE(true),
    SHUTDOWN(false);

    private final boolean onChild;

    SupervisorCommand(boolean onChild) {
        this.onChild = onChild;
    }

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it names one existing child ({@code child_id}). */
    public boolean onChild() {
        return onChild;
    }

    /** Its name as a control action routed through the dashboard: {@code restart_child}; empty if it is none. */
    public Optional<String> childAction() {
        return onChild ? Optional.of(wire() + "_child") : Optional.empty();
    }

    /** The command a dashboard control action ({@code quarantine_child}) stands for. */
    public static Optional<SupervisorCommand> fromChildAction(String action) {
        return Arrays.stream(values())
                .filter(c -> c.childAction().map(a -> a.equals(action)).orElse(false))
                .findFirst();
    }

    /** The child actions, for messages and for the browser. */
    public static List<String> childActions() {
        return Arrays.stream(values()).flatMap(c -> c.childAction().stream()).toList();
    }
}
