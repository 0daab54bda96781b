package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RestartForecastTest {

    @Example
    @Label("a full budget of 3 with an hour's refill and a 10-40 ms backoff: 3 restarts, 70 ms of crash loop")
    void crashLoopExhaustsTheBudget() {
        RestartForecast f = RestartForecast.of(3, 3, 3_600_000, 1, new ChildSpec.Backoff(10, 40, 0));
        assertThat(f.nextTokenInMs()).as("full").isNull();
        assertThat(f.backoffAheadMs()).containsExactly(10L, 20L, 40L);
        assertThat(f.restartsBeforeQuarantine()).isEqualTo(3);
        assertThat(f.quarantineInCrashLoopMs()).isEqualTo(70L);
    }

    @Example
    @Label("refills that keep up with the slowest backoff: a crash loop never exhausts the budget")
    void refillsKeepUp() {
        RestartForecast f = RestartForecast.of(1, 1, 100, 1, new ChildSpec.Backoff(100, 100, 0));
        assertThat(f.restartsBeforeQuarantine()).isNull();
        assertThat(f.quarantineInCrashLoopMs()).isNull();
        assertThat(f.backoffAheadMs()).hasSize(RestartForecast.AHEAD).containsOnly(100L);
    }

    @Example
    @Label("half a token short: the next one comes after half a token's refill time")
    void nextToken() {
        RestartForecast f = RestartForecast.of(1.5, 3, 3_000, 1, new ChildSpec.Backoff(100, 5_000, 0));
        assertThat(f.nextTokenInMs()).isEqualTo(500L);
        RestartForecast quarantined = RestartForecast.of(0, 3, 3_000, 4, new ChildSpec.Backoff(100, 5_000, 0));
        assertThat(quarantined.restartsBeforeQuarantine()).isZero();
        assertThat(quarantined.quarantineInCrashLoopMs()).isZero();
        assertThat(quarantined.backoffAheadMs())
                .as("no restart ahead of a quarantine")
                .isEmpty();
    }

    /**
     * The reference: the supervisor's own token bucket, taken from the forecast's moment on as the control loop takes
     * it in a crash loop (a token at each exit, the next exit when the backoff is over).
     */
    @Property(tries = 500)
    @Label("the forecast equals a token bucket driven through the crash loop, over random budgets and backoffs")
    void forecastIsTheBucketPlayedForward(
            @ForAll @IntRange(min = 1, max = 10) int capacity,
            @ForAll @LongRange(min = 0, max = 120_000) long refillPeriodMs,
            @ForAll @LongRange(min = 0, max = 2_000) long initialMs,
            @ForAll @LongRange(min = 0, max = 20_000) long extraMaxMs,
            @ForAll @IntRange(min = 0, max = 10) int takenBefore,
            @ForAll @LongRange(min = 0, max = 60_000) long elapsedMs,
            @ForAll @IntRange(min = 1, max = 8) int nextConsecutive) {
        ChildSpec.Backoff backoff = new ChildSpec.Backoff(initialMs, initialMs + extraMaxMs, 0);
        TokenBucket bucket = new TokenBucket(capacity, refillPeriodMs, 0);
        for (int i = 0; i < takenBefore; i++) {
            bucket.tryTake(i * 7L);
        }
        long now = takenBefore * 7L + elapsedMs;
        RestartForecast forecast =
                RestartForecast.of(bucket.exactTokens(now), capacity, refillPeriodMs, nextConsecutive, backoff);

        List<Long> delays = new ArrayList<>();
        long at = now;
        int consecutive = nextConsecutive;
        Integer restarts = null;
        Long quarantineIn = null;
        for (int n = 0; n < RestartForecast.LOOP_LIMIT; n++) {
            if (!bucket.tryTake(at)) {
                restarts = n;
                quarantineIn = at - now;
                break;
            }
            long delay = backoff.base(consecutive++);
            delays.add(delay);
            at += delay;
        }
        assertThat(forecast.restartsBeforeQuarantine()).isEqualTo(restarts);
        assertThat(forecast.quarantineInCrashLoopMs()).isEqualTo(quarantineIn);
        assertThat(forecast.backoffAheadMs())
                .isEqualTo(delays.subList(0, Math.min(RestartForecast.AHEAD, delays.size())));
    }
}
