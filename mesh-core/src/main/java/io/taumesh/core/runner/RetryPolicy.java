package io.taumesh.core.runner;

/** Bounded retries of transient failures: at most {@code maxAttempts} in all, exponential backoff between them. */
public record RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(3, 10, 1_000);

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("retry max attempts must be between 1 and 10, got " + maxAttempts);
    }
    if (baseDelayMs < 0 || baseDelayMs > 60_000) {
      throw new IllegalArgumentException("retry base delay must be between 0 and 60000 ms, got " + baseDelayMs);
    }
    if (maxDelayMs < baseDelayMs) {
      throw new IllegalArgumentException("retry max delay (" + maxDelayMs + " ms) must not be below the base delay (" + baseDelayMs + " ms)");
    }
  }

  /** The wait before attempt {@code attempt} (2 or more): base, then doubling, capped. */
  public long delayBefore(int attempt) {
    long delay = baseDelayMs << Math.min(20, Math.max(0, attempt - 2));
    return Math.min(maxDelayMs, delay);
  }
}
