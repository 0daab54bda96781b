package io.taumesh.core.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taumesh.core.contract.RunnerAction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A control action on {@code tau.<runtime>.control}, as a program sends it: the action, the key that makes a retry
 * apply once, and the one field the action needs ({@code queue_limit} for {@code set_queue_limit}, {@code fixture}
 * for {@code replay_fixture}). Operators may type the same body by hand; the runner reads it field by field, so that
 * a wrong one is rejected by name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunnerActionRequest(
        RunnerAction action,
        @Nullable String idempotencyKey,
        @Nullable Integer queueLimit,
        @Nullable String fixture) {

    public RunnerActionRequest {
        Objects.requireNonNull(action, "action");
    }

    /** An action that needs no field ({@code pause}, {@code resume}, {@code run_cycle}, {@code reset_streak}). */
    public static RunnerActionRequest of(RunnerAction action) {
        return new RunnerActionRequest(action, null, null, null);
    }

    public static RunnerActionRequest queueLimit(int limit) {
        return new RunnerActionRequest(RunnerAction.SET_QUEUE_LIMIT, null, limit, null);
    }

    /** {@code replay_fixture}: a file inside the runner's fixtures dir, relative to it or absolute. */
    public static RunnerActionRequest replay(String fixture) {
        return new RunnerActionRequest(RunnerAction.REPLAY_FIXTURE, null, null, fixture);
    }

    public RunnerActionRequest withIdempotencyKey(@Nullable String key) {
        return new RunnerActionRequest(action, key, queueLimit, fixture);
    }
}
