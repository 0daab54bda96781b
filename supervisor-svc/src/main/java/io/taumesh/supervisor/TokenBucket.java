package io.taumesh.supervisor;

/**
 * A child's restart budget: {@code capacity} tokens, refilled at {@code capacity} per {@code refillPeriodMs}
 * (continuously, never above capacity). Each restart takes one; at zero the child is quarantined.
 */
final class TokenBucket {

    private final int capacity;
    private final long refillPeriodMs;
    private double tokens;
    private long lastMs;

    TokenBucket(int capacity, long refillPeriodMs, long nowMs) {
        this.capacity = capacity;
        this.refillPeriodMs = refillPeriodMs;
        this.tokens = capacity;
        this.lastMs = nowMs;
    }

    boolean tryTake(long nowMs) {
        refill(nowMs);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Whole tokens left now. */
    int tokens(long nowMs) {
        refill(nowMs);
        return (int) Math.floor(tokens);
    }

    int capacity() {
        return capacity;
    }

    long refillPeriodMs() {
        return refillPeriodMs;
    }

    /** Tokens left now, with the share of the next one refilled so far. */
    double exactTokens(long nowMs) {
        refill(nowMs);
        return tokens;
    }

    /** A released child starts over with a full budget. */
    void reset(long nowMs) {
        tokens = capacity;
        lastMs = nowMs;
    }

    private void refill(long nowMs) {
        if (nowMs > lastMs && refillPeriodMs > 0) {
            tokens = Math.min(capacity, tokens + (double) capacity * (nowMs - lastMs) / refillPeriodMs);
        }
        lastMs = Math.max(lastMs, nowMs);
    }
}
