package io.taumesh.core.runner.wire;

/**
 * What one cycle did. {@code failed} counts every case that failed, retries exhausted included;
 * {@code retryable_failures} is that subset. {@code queue_depth} is what the cycle left waiting.
 */
public record CycleCounts(
        int discovered,
        int processed,
        int succeeded,
        int failed,
        int retryAttempts,
        int retryableFailures,
        int duplicates,
        int malformed,
        int queueDepth) {}
