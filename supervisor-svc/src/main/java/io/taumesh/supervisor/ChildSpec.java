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
        ChildKind kind,
        String target,
        List<String> command,
        Path log,
        JsonObject config,
        ChildThreading threading,
        RestartPolicy restart,
        int budgetCapacity,
        long budgetRefillPeriodMs,
        long backoffInitialMs,
        long backoffMaxMs,
        double backoffJitter,
        boolean critical,
        long shutdownTimeoutMs) {

    /** The wait before restart number {@code consecutive} (1 for the first): doubling from initial, capped, with jitter. */
    public long backoffDelay(int consecutive, double random) {
        double base = Math.min(backoffMaxMs, backoffInitialMs * Math.pow(2, Math.max(0, consecutive - 1)));
        double jittered = base * (1 + backoffJitter * (2 * random - 1));
        return Math.max(0, Math.round(Math.min(backoffMaxMs, jittered)));
    }
}
