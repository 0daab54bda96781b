package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** A step; an exit's {@code crash} says of what kind it was (the others ignore it). */
    record Step(Kind kind, long afterMs, CrashClass crash) {}

    @Provide
    Arbitrary<List<Step>> schedules() {
        // Mostly short gaps, so that many refills add up between restarts, as frequent state reads make them.
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, 20)),
                Tuple.of(1, Arbitraries.longs().between(0, 3_000)));
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Kind.class), gaps, Arbitraries.of(CrashClass.class))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 1_000)
    @Label(
            "the budget takes a token per exit (and one of its class's own budget), none per asked-for restart, refills exactly and is whole again on a release")
    void budgetFollowsTheModel(
            @ForAll @IntRange(min = 1, max = 10) int capacity,
            @ForAll @LongRange(min = 1, max = 1_000) long refillPeriodMs,
            @ForAll @IntRange(min = 0, max = 4) int crashedCapacity,
            @ForAll @IntRange(min = 0, max = 4) int failedStartCapacity,
            @ForAll @LongRange(min = 1, max = 3_000) long classRefillPeriodMs,
            @ForAll("schedules") List<Step> schedule) {
        Map<String, ChildSpec.ClassBudget> classes = new HashMap<>();
        Map<CrashClass, ExactBudget> classModels = new EnumMap<>(CrashClass.class);
        // A capacity of 0 stands for a class without a budget of its own.
        if (crashedCapacity > 0) {
            classes.put("crashed", new ChildSpec.ClassBudget(crashedCapacity, classRefillPeriodMs));
            classModels.put(CrashClass.CRASHED, new ExactBudget(crashedCapacity, classRefillPeriodMs, 0));
        }
        if (failedStartCapacity > 0) {
            classes.put("failed_start", new ChildSpec.ClassBudget(failedStartCapacity, classRefillPeriodMs));
            classModels.put(CrashClass.FAILED_START, new ExactBudget(failedStartCapacity, classRefillPeriodMs, 0));
        }
        RestartBudget budget = new RestartBudget(new ChildSpec.Budget(capacity, refillPeriodMs, classes), 0);
        ExactBudget model = new ExactBudget(capacity, refillPeriodMs, 0);
        boolean quarantined = false;
        long now = 0;
        for (Step step : schedule) {
            now += step.afterMs();
            String at = step.kind() + " (" + step.crash().wire() + ") at " + now + " ms";
            switch (step.kind()) {
                case EXIT -> {
                    if (!quarantined) {
                        boolean restarted = budget.take(step.crash(), now) == null;
                        assertThat(restarted)
                                .as("restarted, " + at)
                                .isEqualTo(modelTakes(model, classModels.get(step.crash()), now));
                        quarantined = !restarted;
                    }
                }
                case RELEASE -> {
                    if (quarantined) {
                        budget.reset(now);
                        model.release(now);
                        for (ExactBudget own : classModels.values()) {
                            own.release(now);
                        }
                        quarantined = false;
                    }
                }
                case READ -> {}
            }
            assertThat(budget.tokens(now)).as("whole tokens after " + at).isEqualTo(model.whole(now));
            SupervisorViews.Budget view = budget.view(now);
            for (Map.Entry<CrashClass, ExactBudget> own : classModels.entrySet()) {
                assertThat(view.byClass().get(own.getKey().wire()).tokens())
                        .as("whole " + own.getKey().wire() + " tokens after " + at)
                        .isEqualTo(own.getValue().whole(now));
            }
        }
    }

    /** The model's rule: a token of the exit's class (where it has a budget) and one of the child's, both or none. */
    private static boolean modelTakes(ExactBudget shared, ExactBudget own, long now) {
        if (own != null && own.whole(now) < 1) {
            return false;
        }
        if (!shared.take(now)) {
            return false;
        }
        if (own != null) {
            assertThat(own.take(now)).isTrue();
        }
        return true;
    }
}
