package io.taumesh.core.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        int restartCount,
        int restartBudgetTokens,
        String at,
        @Nullable ChildExit exit,
        @Nullable String quarantineReason,
        @Nullable String operatorReason)
        implements MeshMessage {

    public static ChildEvent now(
            ChildLifecycle event,
            String childId,
            ChildState state,
            int restartCount,
            int restartBudgetTokens,
            @Nullable ChildExit exit,
            @Nullable String quarantineReason,
            @Nullable String operatorReason) {
        return new ChildEvent(
                SCHEMA_VERSION,
                event,
                childId,
                state,
                restartCount,
                restartBudgetTokens,
                Instant.now().toString(),
                exit,
                quarantineReason,
                operatorReason);
    }
}
