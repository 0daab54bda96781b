package io.taumesh.supervisor.heartbeat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/** The heartbeat's sweeps of the tool-builds dir for orphans: each sweep's outcome and the total removed. */
final class OrphanWatch {

    private static final Logger LOG = Logger.getLogger(OrphanWatch.class.getName());

    private final SelfRepairSettings repair;
    private HeartbeatReport.Orphans last;
    private long removedTotal;

    OrphanWatch(SelfRepairSettings repair) {
        this.repair = repair;
        this.last = new HeartbeatReport.Orphans(
                repair.toolBuildsDir().toString(), repair.orphanMaxAgeSeconds(), null, 0, 0, List.of(), null);
    }

    /** What the last sweep found, as the heartbeat reports it. */
    HeartbeatReport.Orphans last() {
        return last;
    }

    /** Sweeps once when self-repair is on; never fails (a failed sweep is noted in {@link #last()}). */
    Future<Void> sweep(Vertx vertx) {
        if (!repair.enabled()) {
            return Future.succeededFuture();
        }
        Path dir = repair.toolBuildsDir();
        long now = System.currentTimeMillis();
        return vertx.executeBlocking(() -> OrphanSweep.sweep(dir, repair.orphanMaxAgeSeconds(), now))
                .map(result -> {
                    removedTotal += result.removed().size();
                    result.removed()
                            .forEach(p -> LOG.info(
                                    () -> "self-repair: removed orphaned tool build " + p + " (untouched for more than "
                                            + repair.orphanMaxAgeSeconds() + " s, no live owner)"));
                    List<String> removed = result.removed().isEmpty()
                            ? last.lastRemoved()
                            : result.removed().stream().map(Path::toString).toList();
                    last = new HeartbeatReport.Orphans(
                            dir.toString(),
                            repair.orphanMaxAgeSeconds(),
                            Instant.ofEpochMilli(now).toString(),
                            result.kept(),
                            removedTotal,
                            removed,
                            null);
                    return (Void) null;
                })
                .otherwise(err -> {
                    if (last.error() == null) {
                        LOG.warning(() -> "self-repair: cannot sweep " + dir + ": " + err.getMessage());
                    }
                    last = new HeartbeatReport.Orphans(
                            dir.toString(),
                            repair.orphanMaxAgeSeconds(),
                            Instant.ofEpochMilli(now).toString(),
                            0,
                            removedTotal,
                            last.lastRemoved(),
                            String.valueOf(err.getMessage()));
                    return null;
                });
    }
}
