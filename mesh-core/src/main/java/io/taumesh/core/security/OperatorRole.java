package io.taumesh.core.security;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.contract.WireName;
import java.util.Locale;
import java.util.Set;

/**
 * What a signed-in operator may do, wherever an action enters (the page's bridge, the ops endpoint's command route,
 * the relay's socket): a {@code viewer} sees everything and changes nothing; an {@code operator} runs the mesh day to
 * day (pause, resume, a cycle, a streak reset, the queue limit, a child's restart, a canary hold and its resume); an
 * {@code admin} also takes the decisions that stop or release things for good or sign for them (quarantine, release
 * and removal of a child, a fixture replay, the canary's sign-off and abort, a child added, the supervisor's
 * shutdown). An action the mesh adds later is an admin's until it is named here.
 */
public enum OperatorRole implements WireName {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The actions an operator may take; the admin may take these and every other. */
    public static final Set<String> OPERATOR_ACTIONS = Set.of(
            "pause",
            "resume",
            "run_cycle",
            "reset_streak",
            "set_queue_limit",
            "restart_child",
            "canary_hold",
            "canary_resume");

    /** Whether this role may take the control action named {@code action}. */
    public boolean permits(String action) {
        return switch (this) {
            case VIEWER -> false;
            case OPERATOR -> action != null && OPERATOR_ACTIONS.contains(action);
            case ADMIN -> true;
        };
    }

    /** The name a supervisor command goes by among the actions: {@code restart_child}, {@code shutdown}. */
    public static String actionOf(SupervisorCommand command) {
        return command.childAction().orElse(command.wire());
    }

    /** The least role that may take {@code action}. */
    public static OperatorRole needed(String action) {
        return action != null && OPERATOR_ACTIONS.contains(action) ? OPERATOR : ADMIN;
    }

    /** Why {@code who} may not take {@code action}: {@code vera (viewer) may not pause: it needs the operator role}. */
    public static String refusal(OperatorBook.Operator who, String action) {
        return who.name() + " (" + who.role().wire() + ") may not "
                + (action == null ? "take an action without a name" : action) + ": it needs the "
                + needed(action).wire() + " role";
    }

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
