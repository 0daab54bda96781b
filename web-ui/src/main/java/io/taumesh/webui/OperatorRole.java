package io.taumesh.webui;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;
import java.util.Set;

/**
 * What a signed-in operator may do from the page: a {@code viewer} sees everything and changes nothing; an
 * {@code operator} runs the mesh day to day (pause, resume, a cycle, a streak reset, the queue limit, a child's
 * restart, a canary hold and its resume); an {@code admin} also takes the decisions that stop or release things for
 * good or sign for them (quarantine, release and removal of a child, a fixture replay, the canary's sign-off and
 * abort). An action the mesh adds later is an admin's until it is named here.
 */
public enum OperatorRole implements WireName {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The actions an operator may take; the admin may take these and every other. */
    static final Set<String> OPERATOR_ACTIONS = Set.of(
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

    /** The least role that may take {@code action}. */
    static OperatorRole needed(String action) {
        return action != null && OPERATOR_ACTIONS.contains(action) ? OPERATOR : ADMIN;
    }

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
