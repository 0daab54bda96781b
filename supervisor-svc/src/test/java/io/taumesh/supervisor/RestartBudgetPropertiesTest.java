package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The restart budget's accounting against a small reference model ({@link ExactBudget}), over random crash
 * schedules: what the supervisor does with the budget at each step (docs/decisions.md, "What spends a token").
 */
class RestartBudgetPropertiesTest {

    /**
     * What happens to a child's budget, and when: its exit (a restart takes a token, or none is left and it is
     * quarantined), a release, a read (a state query, which refills it). A restart asked for touches no budget: that
     * is held by {@code SupervisorTest}.
     */
    enum Kind {
        EXIT,
        RELEASE,
        READ
    }

    record Step(Kind kind, long afterMs) {}

    @Provide
    Arbitrary<List<Step>> schedules() {
        // Mostly short gaps, so that many refills add up between restarts, as frequent state reads make them.
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, 20)),
                Tuple.of(1, Arbitraries.longs().between(0, 3_000)));
        Arbitrary<Step> step =
                Combinators.combine(Arbitraries.of(Kind.class), gaps).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 1_000)
    @Label(
            "the budget takes a token per exit, none per asked-for restart, refills exactly and is whole again on a release")
    void budgetFollowsTheModel(
            @ForAll @IntRange(min = 1, max = 10) int capacity,
            @ForAll @LongRange(min = 1, max = 1_000) long refillPeriodMs,
            @ForAll("schedules") List<Step> schedule) {
        TokenBucket budget = new TokenBucket(capacity, refillPeriodMs, 0);
        ExactBudget model = new ExactBudget(capacity, refillPeriodMs, 0);
        boolean quarantined = false;
        long now = 0;
        for (Step step : schedule) {
            now += step.afterMs();
            String at = step.kind() + " at " + now + " ms";
            switch (step.kind()) {
                case EXIT -> {
                    if (!quarantined) {
                        boolean restarted = budget.tryTake(now);
                        assertThat(restarted).as("restarted, " + at).isEqualTo(model.take(now));
                        quarantined = !restarted;
                    }
                }
                case RELEASE -> {
                    if (quarantined) {
                        budget.reset(now);
                        model.release(now);
                        quarantined = false;
                    }
                }
                case READ -> {}
            }
            assertThat(budget.tokens(now)).as("whole tokens after " + at).isEqualTo(model.whole(now));
        }
    }
}
