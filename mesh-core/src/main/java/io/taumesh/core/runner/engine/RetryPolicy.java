package io.taumesh.core.runner.engine;

import io.taumesh.core.contract.FieldError;

/**
 * Bounded retries of transient failures: at most {@code maxAttempts} in all, exponential backoff between
 * them. Its fields are {@code retry_*} in a runner's settings.
 */
public record RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, 10, 1_000);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new FieldError("retry_max_attempts", "must be between 1 and 10, got " + maxAttempts);
        }
        if (baseDelayMs < 0 || baseDelayMs > 60_000) {
            throw new FieldError("retry_base_delay_ms", "must be between 0 and 60000, got " + baseDelayMs);
        }
        if (maxDelayMs < baseDelayMs) {
            throw new FieldError(
                    "retry_max_delay_ms",
                    "must not be below the base delay (" + baseDelayMs + " ms), got " + maxDelayMs);
        }
    }

    /** Retries with this base delay, doubling up to a second (or the base delay, if longer). */
    public static RetryPolicy of(int maxAttempts, long baseDelayMs) {
        return new RetryPolicy(maxAttempts, baseDelayMs, Math.max(1_000, baseDelayMs));
    }

    /** The wait before attempt {@code attempt} (2 or more): base, then doubling, capped. */
    public long delayBefore(int attempt) {
        long delay = baseDelayMs << Math.min(20, Math.max(0, attempt - 2));
        return Math.min(maxDelayMs, delay);
    }
}
