package io.taumesh.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * What a child's restart budget says ahead of time: when its next token comes back, the backoff delays of its next
 * restarts, and, if from its next exit on every restart failed at once (a crash loop, the worst failure rate), how
 * many restarts it would get and how long after that exit it would be quarantined. The loop is played forward with
 * the budget's own refill arithmetic, so the forecast is what the supervisor would do, not an estimate of it.
 *
 * @param nextTokenInMs ms until the budget holds one more whole token; null when it is full
 * @param backoffAheadMs the delays (without jitter) of the next restarts, at most {@link #AHEAD} of them
 * @param restartsBeforeQuarantine restarts a crash loop would get; null when refills keep up with it
 * @param quarantineInCrashLoopMs ms from the next exit to the quarantine in a crash loop; null when never
 */
public record RestartForecast(
        @Nullable Long nextTokenInMs,
        List<Long> backoffAheadMs,
        @Nullable Integer restartsBeforeQuarantine,
        @Nullable Long quarantineInCrashLoopMs) {

    /** How many delays ahead are listed. */
    static final int AHEAD = 5;
    /** A crash loop longer than this many restarts is one the refills keep up with. */
    static final int LOOP_LIMIT = 10_000;

    /**
     * The forecast for {@code budget} as of {@code nowMs}, for a child whose next restart is number
     * {@code nextConsecutive} of its backoff: a copy of the budget is taken through the crash loop with the
     * supervisor's own arithmetic, a token at each exit and the next exit when the backoff is over.
     */
    static RestartForecast of(TokenBucket budget, long nowMs, int nextConsecutive, ChildSpec.Backoff backoff) {
        TokenBucket loop = budget.copy();
        return play(loop.nextTokenInMs(nowMs), loop::tryTake, nowMs, nextConsecutive, backoff);
    }

    /**
     * The same for a child's whole budget: the loop is one of {@code crashed} exits, so a restart takes a token from
     * the crashed class's own budget too, where it has one, exactly as the supervisor takes them.
     */
    static RestartForecast of(RestartBudget budget, long nowMs, int nextConsecutive, ChildSpec.Backoff backoff) {
        RestartBudget loop = budget.copy();
        return play(
                loop.shared().nextTokenInMs(nowMs),
                at -> loop.take(CrashClass.CRASHED, at) == null,
                nowMs,
                nextConsecutive,
                backoff);
    }

    private static RestartForecast play(
            @Nullable Long nextToken, LongPredicate take, long nowMs, int nextConsecutive, ChildSpec.Backoff backoff) {
        List<Long> ahead = new ArrayList<>();
        long at = nowMs;
        int consecutive = nextConsecutive;
        for (int restarts = 0; restarts < LOOP_LIMIT; restarts++) {
            if (!take.test(at)) {
                return new RestartForecast(nextToken, List.copyOf(ahead), restarts, at - nowMs);
            }
            long delay = backoff.base(consecutive++);
            if (ahead.size() < AHEAD) {
                ahead.add(delay);
            }
            // The restarted child fails at once: its next exit comes when the delay is over.
            at += delay;
        }
        return new RestartForecast(nextToken, List.copyOf(ahead), null, null);
    }
}
