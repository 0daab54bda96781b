package io.taumesh.supervisor;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

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

    /** At most {@code capacity} restarts in a burst, one more allowed every {@code refillPeriodMs}. */
    public record Budget(int capacity, long refillPeriodMs) {}

    /** The delays between restarts: from {@code initialMs}, doubling up to {@code maxMs}, with a share of jitter. */
    public record Backoff(long initialMs, long maxMs, double jitter) {

        /** The wait before restart number {@code consecutive} (1 for the first): doubling from initial, capped, with jitter. */
        public long delay(int consecutive, double random) {
            double base = Math.min(maxMs, initialMs * Math.pow(2, Math.max(0, consecutive - 1)));
            double jittered = base * (1 + jitter * (2 * random - 1));
            return Math.max(0, Math.round(Math.min(maxMs, jittered)));
        }
    }
}
