package io.taumesh.supervisor;

import java.math.BigInteger;

/**
 * The reference model of a restart budget, for property tests: tokens as an exact fraction, refilled by
 * {@code capacity * elapsed / refillPeriodMs} up to {@code capacity}, one taken per restart, all of them back on a
 * release. Written apart from {@link TokenBucket}, in big-integer fractions, so that the two agree only if both are
 * right.
 */
final class ExactBudget {

    private final BigInteger capacity;
    private final long refillPeriodMs;
    /** Tokens = numerator / denominator. */
    private BigInteger numerator;

    private BigInteger denominator = BigInteger.ONE;
    private long lastMs;

    ExactBudget(int capacity, long refillPeriodMs, long nowMs) {
        this.capacity = BigInteger.valueOf(capacity);
        this.refillPeriodMs = refillPeriodMs;
        this.numerator = this.capacity;
        this.lastMs = nowMs;
    }

    boolean take(long nowMs) {
        advance(nowMs);
        if (numerator.compareTo(denominator) < 0) {
            return false;
        }
        numerator = numerator.subtract(denominator);
        return true;
    }

    int whole(long nowMs) {
        advance(nowMs);
        return numerator.divide(denominator).intValueExact();
    }

    void release(long nowMs) {
        numerator = capacity;
        denominator = BigInteger.ONE;
        lastMs = nowMs;
    }

    /** Ms until one more whole token, by search: the first ms at which the model holds more whole tokens. */
    Long nextTokenInMs(long nowMs) {
        advance(nowMs);
        int now = whole(nowMs);
        if (BigInteger.valueOf(now).equals(capacity) || refillPeriodMs <= 0) {
            return null;
        }
        // tokens + capacity * t / period >= now + 1  <=>  t >= (now + 1 - tokens) * period / capacity
        BigInteger need = BigInteger.valueOf(now + 1L).multiply(denominator).subtract(numerator);
        BigInteger[] qr =
                need.multiply(BigInteger.valueOf(refillPeriodMs)).divideAndRemainder(denominator.multiply(capacity));
        return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    }

    private void advance(long nowMs) {
        if (nowMs > lastMs && refillPeriodMs > 0) {
            // tokens + capacity * elapsed / period, as one fraction over denominator * period
            BigInteger period = BigInteger.valueOf(refillPeriodMs);
            BigInteger n = numerator
                    .multiply(period)
                    .add(capacity.multiply(BigInteger.valueOf(nowMs - lastMs)).multiply(denominator));
            BigInteger d = denominator.multiply(period);
            if (n.compareTo(capacity.multiply(d)) >= 0) {
                n = capacity;
                d = BigInteger.ONE;
            }
            BigInteger g = n.gcd(d);
            numerator = g.signum() == 0 ? BigInteger.ZERO : n.divide(g);
            denominator = g.signum() == 0 ? BigInteger.ONE : d.divide(g);
        }
        lastMs = Math.max(lastMs, nowMs);
    }
}
