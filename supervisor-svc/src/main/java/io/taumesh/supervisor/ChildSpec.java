package io.taumesh.supervisor;

import io.taumesh.core.contract.WireName;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One child of the supervisor: a verticle deployed in this JVM by class name, or an OS process whose
 * output goes to a log file; how it is restarted, its restart budget, backoff, and how long it may take to stop.
 */
public record ChildSpec(
        String id,
        Launch launch,
        JsonObject config,
        ChildThreading threading,
        RestartPolicy restart,
        Budget budget,
        Backoff backoff,
        boolean critical,
        long shutdownTimeoutMs) {

    /** How the child starts: a verticle class ({@code target}), or a process's command line and its log file. */
    public record Launch(ChildKind kind, String target, List<String> command, Path log) {}

    /**
     * At most {@code capacity} restarts in a burst, one more allowed every {@code refillPeriodMs}; {@code byClass}, the
     * kinds of exit ({@link CrashClass}, by wire name) whose restarts also take from a budget of their own.
     */
    public record Budget(
            int capacity, long refillPeriodMs, @Nullable Map<String, ClassBudget> byClass) {

        public Budget(int capacity, long refillPeriodMs) {
            this(capacity, refillPeriodMs, Map.of());
        }

        public Budget {
            byClass = byClass == null ? Map.of() : Map.copyOf(byClass);
        }

        /** The classes' own budgets, by class (the schema admits only their wire names). */
        Map<CrashClass, ClassBudget> classes() {
            Map<CrashClass, ClassBudget> out = new EnumMap<>(CrashClass.class);
            byClass.forEach((wire, own) ->
                    out.put(WireName.parse(CrashClass.class, wire).orElseThrow(), own));
            return out;
        }
    }

    /** A kind of exit's own budget: at most {@code capacity} of its restarts in a burst, one more every {@code refillPeriodMs}. */
    public record ClassBudget(int capacity, long refillPeriodMs) {}

    /**
     * The delays between restarts: from {@code initialMs}, doubling up to {@code maxMs}, with a share of jitter; a
     * run that lasted longer than {@code resetAfterMs} (twice {@code maxMs} when not given) starts the doubling over.
     */
    public record Backoff(
            long initialMs,
            long maxMs,
            double jitter,
            @Nullable Long resetAfterMs) {

        public Backoff(long initialMs, long maxMs, double jitter) {
            this(initialMs, maxMs, jitter, null);
        }

        /** How long a run must last for the next restart to wait {@code initialMs} again. */
        public long resetAfter() {
            return resetAfterMs == null ? 2 * maxMs : resetAfterMs;
        }

        /** The wait before restart number {@code consecutive} (1 for the first): doubling from initial, capped, with jitter. */
        public long delay(int consecutive, double random) {
            double jittered = base(consecutive) * (1 + jitter * (2 * random - 1));
            return Math.max(0, Math.round(Math.min(maxMs, jittered)));
        }

        /** The wait before restart number {@code consecutive} without jitter: doubling from initial, capped. */
        public long base(int consecutive) {
            return Math.round(Math.min(maxMs, initialMs * Math.pow(2, Math.max(0, consecutive - 1))));
        }
    }
}
