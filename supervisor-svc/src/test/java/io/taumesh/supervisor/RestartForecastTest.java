package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        RestartForecast f =
                RestartForecast.of(new TokenBucket(3, 3_600_000, 0), 0, 1, new ChildSpec.Backoff(10, 40, 0));
        assertThat(f.nextTokenInMs()).as("full").isNull();
        assertThat(f.backoffAheadMs()).containsExactly(10L, 20L, 40L);
        assertThat(f.restartsBeforeQuarantine()).isEqualTo(3);
        assertThat(f.quarantineInCrashLoopMs()).isEqualTo(70L);
    }

    @Example
    @Label(
            "the crashed exits' own budget of 2 ends a crash loop before the child's budget of 10 does; other classes' do not")
    void crashedClassBudget() {
        ChildSpec.Budget spec = new ChildSpec.Budget(
                10,
                3_600_000,
                Map.of(
                        "crashed", new ChildSpec.ClassBudget(2, 3_600_000),
                        "failed_start", new ChildSpec.ClassBudget(1, 3_600_000)));
        RestartForecast f = RestartForecast.of(new RestartBudget(spec, 0), 0, 1, new ChildSpec.Backoff(10, 40, 0));
        assertThat(f.restartsBeforeQuarantine()).isEqualTo(2);
        assertThat(f.quarantineInCrashLoopMs()).isEqualTo(30L);
        RestartForecast plain = RestartForecast.of(
                new RestartBudget(
                        new ChildSpec.Budget(
                                10, 3_600_000, Map.of("failed_start", new ChildSpec.ClassBudget(1, 3_600_000))),
                        0),
                0,
                1,
                new ChildSpec.Backoff(10, 40, 0));
        assertThat(plain.restartsBeforeQuarantine()).isEqualTo(10);
    }

    @Example
    @Label("refills that keep up with the slowest backoff: a crash loop never exhausts the budget")
    void refillsKeepUp() {
        RestartForecast f = RestartForecast.of(new TokenBucket(1, 100, 0), 0, 1, new ChildSpec.Backoff(100, 100, 0));
        assertThat(f.restartsBeforeQuarantine()).isNull();
        assertThat(f.quarantineInCrashLoopMs()).isNull();
        assertThat(f.backoffAheadMs()).hasSize(RestartForecast.AHEAD).containsOnly(100L);
    }

    @Example
    @Label("half a token short: the next one comes after half a token's refill time")
    void nextToken() {
        TokenBucket halfShort = spent(3, 3_000);
        RestartForecast f = RestartForecast.of(halfShort, 1_500, 1, new ChildSpec.Backoff(100, 5_000, 0));
        assertThat(f.nextTokenInMs()).isEqualTo(500L);
        assertThat(halfShort.tokens(1_500)).as("the forecast played a copy").isEqualTo(1);
        RestartForecast quarantined = RestartForecast.of(spent(3, 3_000), 0, 4, new ChildSpec.Backoff(100, 5_000, 0));
        assertThat(quarantined.restartsBeforeQuarantine()).isZero();
        assertThat(quarantined.quarantineInCrashLoopMs()).isZero();
        assertThat(quarantined.backoffAheadMs())
                .as("no restart ahead of a quarantine")
                .isEmpty();
    }

    /** A budget of {@code capacity} with every token taken at 0 ms. */
    private static TokenBucket spent(int capacity, long refillPeriodMs) {
        TokenBucket bucket = new TokenBucket(capacity, refillPeriodMs, 0);
        for (int i = 0; i < capacity; i++) {
            bucket.tryTake(0);
        }
        return bucket;
    }

    /**
     * The reference: the exact model of the budget ({@link ExactBudget}), taken from the forecast's moment on as the
     * control loop takes it in a crash loop (a token at each exit, the next exit when the backoff is over).
     */
    @Property(tries = 500)
    @Label("the forecast equals the exact budget model driven through the crash loop, over random budgets and backoffs")
    void forecastIsTheBudgetPlayedForward(
            @ForAll @IntRange(min = 1, max = 10) int capacity,
            @ForAll @LongRange(min = 0, max = 120_000) long refillPeriodMs,
            @ForAll @LongRange(min = 0, max = 2_000) long initialMs,
            @ForAll @LongRange(min = 0, max = 20_000) long extraMaxMs,
            @ForAll @IntRange(min = 0, max = 10) int takenBefore,
            @ForAll @LongRange(min = 0, max = 60_000) long elapsedMs,
            @ForAll @IntRange(min = 1, max = 8) int nextConsecutive) {
        ChildSpec.Backoff backoff = new ChildSpec.Backoff(initialMs, initialMs + extraMaxMs, 0);
        TokenBucket bucket = new TokenBucket(capacity, refillPeriodMs, 0);
        ExactBudget model = new ExactBudget(capacity, refillPeriodMs, 0);
        for (int i = 0; i < takenBefore; i++) {
            bucket.tryTake(i * 7L);
            model.take(i * 7L);
        }
        long now = takenBefore * 7L + elapsedMs;
        RestartForecast forecast = RestartForecast.of(bucket, now, nextConsecutive, backoff);
        assertThat(forecast.nextTokenInMs()).as("next token").isEqualTo(model.nextTokenInMs(now));

        List<Long> delays = new ArrayList<>();
        long at = now;
        int consecutive = nextConsecutive;
        Integer restarts = null;
        Long quarantineIn = null;
        for (int n = 0; n < RestartForecast.LOOP_LIMIT; n++) {
            if (!model.take(at)) {
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
