package io.taumesh.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.WireName;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An operator's decision on the canary (runbook 000), a line of {@code canary-decisions.jsonl}: sign-off of the
 * release checklist, a hold or an abort of the promotion, or resuming it; each with the reason the operator gave,
 * the last dashboard cycle committed before it (so that a replay applies it at the same point of the history), the
 * request it came with and its idempotency key. The mesh splits no traffic: a decision is a record for the
 * evaluation and for people, not a switch.
 */
public record CanaryDecision(
        int schemaVersion,
        Kind decision,
        String reason,
        String at,
        long afterCycleId,
        @Nullable String requestId,
        @Nullable String idempotencyKey)
        implements MeshMessage {

    /** The longest reason kept. */
    static final int MAX_REASON = 500;

    /** What the operator decided; the control action is {@code canary_<wire>}. */
    public enum Kind implements WireName {
        SIGNOFF("signoff"),
        HOLD("hold"),
        ABORT("abort"),
        RESUME("resume");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }

        /** The control action that records this decision. */
        public String action() {
            return ACTION_PREFIX + wire;
        }

        /** The decision a control action records, if it is one. */
        static @Nullable Kind ofAction(@Nullable String action) {
            return action == null || !action.startsWith(ACTION_PREFIX)
                    ? null
                    : WireName.parse(Kind.class, action.substring(ACTION_PREFIX.length()))
                            .orElse(null);
        }

        static List<String> actions() {
            return Arrays.stream(values()).map(Kind::action).toList();
        }
    }

    static final String ACTION_PREFIX = "canary_";

    /** What is wrong with a decision's reason, naming the field; empty when it can be kept. */
    static Optional<FieldError> reasonProblem(@Nullable Object reason) {
        return reason instanceof String r && !r.isBlank() && r.strip().length() <= MAX_REASON
                ? Optional.empty()
                : Optional.of(new FieldError(
                        "action.reason",
                        "is required: 1-" + MAX_REASON + " characters saying why (kept with the decision), got "
                                + FieldError.shown(reason)));
    }
}
