package io.taumesh.core.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.ChildLifecycle;
import io.taumesh.core.contract.ChildState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One child's lifecycle event on {@code tau.supervisor.events}: what happened, the state it left the child in, its
 * restarts and budget, and how its run ended or why it was quarantined, when that applies; and the operator's
 * reason for a release.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChildEvent(
        int schemaVersion,
        ChildLifecycle event,
        String childId,
        ChildState state,
        @JsonUnwrapped Restarts restarts,
        String at,
        @Nullable ChildExit exit,
        @Nullable String quarantineReason,
        @Nullable String operatorReason)
        implements MeshMessage {

    /**
     * The child's restarts and the tokens its budget has left; for a restart the supervisor decided on after an
     * exit, also the backoff it waited ({@code restart_delay_ms}) and the kind of exit it followed
     * ({@code crash_class}), written flat.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Restarts(
            int restartCount,
            int restartBudgetTokens,
            @Nullable Long restartDelayMs,
            @Nullable String crashClass) {

        public Restarts(int restartCount, int restartBudgetTokens) {
            this(restartCount, restartBudgetTokens, null, null);
        }
    }

    public static ChildEvent now(
            ChildLifecycle event,
            String childId,
            ChildState state,
            Restarts restarts,
            @Nullable ChildExit exit,
            @Nullable String quarantineReason,
            @Nullable String operatorReason) {
        return new ChildEvent(
                SCHEMA_VERSION,
                event,
                childId,
                state,
                restarts,
                Instant.now().toString(),
                exit,
                quarantineReason,
                operatorReason);
    }
}
