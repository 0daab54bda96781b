package io.taumesh.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * A child's restart budget: {@code capacity} tokens, refilled at {@code capacity} per {@code refillPeriodMs}
 * (continuously, never above capacity). Each restart takes one; at zero the child is quarantined.
 *
 * <p>Tokens are counted exactly, in units of a {@code refillPeriodMs}-th of a token, so that a millisecond refills
 * {@code capacity} units: however often the budget is read between restarts (every state query refills it), the sum
 * of its refills never drifts off a whole token, and a restart is never refused a token it has earned.
 */
final class TokenBucket {

    private final int capacity;
    private final long refillPeriodMs;
    /** Units in one token. */
    private final long scale;

    private long units;
    private long lastMs;

    TokenBucket(int capacity, long refillPeriodMs, long nowMs) {
        this.capacity = capacity;
        this.refillPeriodMs = refillPeriodMs;
        this.scale = Math.max(1, refillPeriodMs);
        this.units = full();
        this.lastMs = nowMs;
    }

    private TokenBucket(TokenBucket other) {
        this.capacity = other.capacity;
        this.refillPeriodMs = other.refillPeriodMs;
        this.scale = other.scale;
        this.units = other.units;
        this.lastMs = other.lastMs;
    }

    /** The same budget, apart: to play it forward without touching this one. */
    TokenBucket copy() {
        return new TokenBucket(this);
    }

    boolean tryTake(long nowMs) {
        refill(nowMs);
        if (units < scale) {
            return false;
        }
        units -= scale;
        return true;
    }

    /** Whole tokens left now. */
    int tokens(long nowMs) {
        refill(nowMs);
        return (int) (units / scale);
    }

    int capacity() {
        return capacity;
    }

    long refillPeriodMs() {
        return refillPeriodMs;
    }

    /** Ms from now until the budget holds one more whole token; null when it is full or never refills. */
    @Nullable
    Long nextTokenInMs(long nowMs) {
        refill(nowMs);
        if (units >= full() || refillPeriodMs <= 0) {
            return null;
        }
        long missing = scale - units % scale;
        return (missing + capacity - 1) / capacity;
    }

    /** A released child starts over with a full budget. */
    void reset(long nowMs) {
        units = full();
        lastMs = nowMs;
    }

    private long full() {
        return capacity * scale;
    }

    private void refill(long nowMs) {
        if (nowMs > lastMs && refillPeriodMs > 0) {
            long elapsed = nowMs - lastMs;
            // A whole period refills the budget whatever it held; below that, the product stays within a long.
            units = elapsed >= refillPeriodMs ? full() : Math.min(full(), units + capacity * elapsed);
        }
        lastMs = Math.max(lastMs, nowMs);
    }
}
