package io.taumesh.supervisor;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A child's restart budget: the budget every restart the supervisor decides on takes a token from, and the budgets of
 * the kinds of exit that have their own ({@code budget.by_class}), from which a restart after such an exit takes one
 * too. A restart needs a token from both; when one is empty the child is quarantined, naming which.
 */
final class RestartBudget {

    private final TokenBucket shared;
    private final Map<CrashClass, TokenBucket> byClass;

    RestartBudget(ChildSpec.Budget spec, long nowMs) {
        this.shared = new TokenBucket(spec.capacity(), spec.refillPeriodMs(), nowMs);
        this.byClass = new EnumMap<>(CrashClass.class);
        spec.classes()
                .forEach((cls, own) -> byClass.put(cls, new TokenBucket(own.capacity(), own.refillPeriodMs(), nowMs)));
    }

    private RestartBudget(RestartBudget other) {
        this.shared = other.shared.copy();
        this.byClass = new EnumMap<>(CrashClass.class);
        other.byClass.forEach((cls, bucket) -> byClass.put(cls, bucket.copy()));
    }

    /** The same budget, apart: to play it forward without touching this one. */
    RestartBudget copy() {
        return new RestartBudget(this);
    }

    /** Takes the tokens of a restart after an exit of class {@code cls}; null when taken, or why not (the quarantine's reason). */
    @Nullable
    String take(CrashClass cls, long nowMs) {
        TokenBucket own = byClass.get(cls);
        if (own != null && own.tokens(nowMs) < 1) {
            return "restart budget for " + cls.wire() + " exits exhausted (" + own.capacity() + " restarts per "
                    + own.refillPeriodMs() + " ms)";
        }
        if (!shared.tryTake(nowMs)) {
            return "restart budget exhausted (" + shared.capacity() + " restarts per " + shared.refillPeriodMs()
                    + " ms)";
        }
        if (own != null) {
            own.tryTake(nowMs);
        }
        return null;
    }

    /** Every budget full again (a release). */
    void reset(long nowMs) {
        shared.reset(nowMs);
        byClass.values().forEach(b -> b.reset(nowMs));
    }

    /** The budget every restart takes from. */
    TokenBucket shared() {
        return shared;
    }

    int tokens(long nowMs) {
        return shared.tokens(nowMs);
    }

    int capacity() {
        return shared.capacity();
    }

    /** As {@code current_state()} shows it: the tokens left of each, by class where a class has its own. */
    SupervisorViews.Budget view(long nowMs) {
        Map<String, SupervisorViews.Budget> classes = new LinkedHashMap<>();
        byClass.forEach((cls, b) ->
                classes.put(cls.wire(), new SupervisorViews.Budget(b.tokens(nowMs), b.capacity(), Map.of())));
        return new SupervisorViews.Budget(shared.tokens(nowMs), shared.capacity(), classes);
    }
}
