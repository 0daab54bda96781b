package io.taumesh.core.runner.wire;

/**
 * The signals the last committed cycle left in {@code state.json}: what failed, what retries ran out, how
 * often it retried, and when it ran for how long.
 */
public record RecentCycle(
        int lastCycleFailed,
        int lastRetryableFailures,
        int lastRetryAttempts,
        String lastCycleAt,
        long lastCycleUnixMs,
        long lastCycleDurationMs) {

    public static final RecentCycle NONE = new RecentCycle(0, 0, 0, null, 0, 0);
}
