package io.taumesh.supervisor.heartbeat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.SupervisorCommandRequest;
import io.taumesh.core.bus.message.SupervisorCommandResult;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.supervisor.SupervisorViews;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The runtime heartbeat, deployed by the supervisor beside its tree. Every interval it probes the queues
 * ({@code tau.<runtime>.status}), the events (the last one on {@code tau.<runtime>.events}) and the jobs (the
 * supervisor's {@code current_state()}), lets {@link RunnerWatch self-repair} restart a stuck runner through
 * {@code tau.supervisor.command}, sweeps the tool-builds dir for orphans, and writes what it saw to its state
 * file, whole and atomically, on a worker. It asks and commands over the event bus only, like any client.
 */
public final class HeartbeatVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(HeartbeatVerticle.class.getName());

    /** The runtimes whose runners it watches; each is restarted as the supervisor's child of the same id. */
    static final List<MeshService> RUNTIMES = List.of(MeshService.GATEWAY, MeshService.DASHBOARD);

    private HeartbeatSettings settings;
    private final Map<String, RunnerWatch> watches = new LinkedHashMap<>();
    private final Map<String, Long> lastEventMs = new HashMap<>();
    private long timer = -1;
    private boolean ticking;
    private long ticks;
    private OrphanWatch orphans;
    private HeartbeatReport last;

    @Override
    public Future<?> start() {
        settings = HeartbeatSettings.fromConfig(config());
        if (settings == null) {
            settings = HeartbeatSettings.DEFAULTS;
        }
        SelfRepairSettings repair = settings.selfRepair();
        orphans = new OrphanWatch(repair);
        List<Future<Void>> consumers = new ArrayList<>();
        for (MeshService runtime : RUNTIMES) {
            watches.put(runtime.id(), new RunnerWatch(runtime.id()));
            consumers.add(vertx.eventBus()
                    .consumer(
                            Addresses.events(runtime), msg -> lastEventMs.put(runtime.id(), System.currentTimeMillis()))
                    .completion());
        }
        return Future.all(consumers).onSuccess(v -> {
            LOG.info(() -> "runtime heartbeat: every " + settings.intervalMs() + " ms to " + settings.statePath()
                    + "; self-repair "
                    + (repair.enabled()
                            ? "on (stuck after " + repair.timeoutMs() + " ms, at most " + repair.maxRetries()
                                    + " restarts; orphans in " + repair.toolBuildsDir() + " after "
                                    + repair.orphanMaxAgeSeconds() + " s)"
                            : "off"));
            timer = vertx.setPeriodic(Math.min(200, settings.intervalMs()), settings.intervalMs(), id -> tick());
        });
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (last == null) {
            return Future.succeededFuture();
        }
        long now = System.currentTimeMillis();
        HeartbeatReport stopped = new HeartbeatReport(
                MeshMessage.SCHEMA_VERSION,
                HeartbeatStatus.STOPPED,
                Instant.ofEpochMilli(now).toString(),
                now,
                last.beat(),
                last.probes(),
                last.selfRepair(),
                List.of("the mesh stopped"));
        return write(stopped).otherwiseEmpty();
    }

    private void tick() {
        if (ticking) {
            return; // the previous round is still out (a slow probe or write): skip, never pile up
        }
        ticking = true;
        List<Future<RunnerProbe>> probes = RUNTIMES.stream().map(this::probe).toList();
        Future<HeartbeatReport.Jobs> jobs = jobs();
        List<Future<?>> all = new ArrayList<>(probes);
        all.add(jobs);
        Future.join(all)
                .transform(done -> {
                    long now = System.currentTimeMillis();
                    List<RunnerProbe> seen = probes.stream().map(Future::result).toList();
                    repair(now, seen, jobs.result());
                    return orphans.sweep(vertx).map(v -> report(now, seen, jobs.result()));
                })
                .compose(report -> {
                    last = report;
                    vertx.eventBus().publish(Addresses.SUPERVISOR_HEARTBEAT, MeshJson.toJson(report));
                    return write(report);
                })
                .onFailure(err -> LOG.warning(
                        () -> "runtime heartbeat: could not write " + settings.statePath() + ": " + err.getMessage()))
                .onComplete(v -> ticking = false);
    }

    private long probeTimeoutMs() {
        return Math.max(1_000, Math.min(settings.intervalMs(), 5_000));
    }

    private Future<RunnerProbe> probe(MeshService runtime) {
        return MeshBus.request(vertx, runtime.statusAddress(), new JsonObject(), Correlation.fresh(), probeTimeoutMs())
                .map(reply -> RunnerProbe.answered(runtime.id(), reply.body()))
                .otherwise(err -> err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
                        ? RunnerProbe.absent(runtime.id(), "no " + runtime.id() + " runner answers")
                        : RunnerProbe.unresponsive(runtime.id(), String.valueOf(err.getMessage())));
    }

    private Future<HeartbeatReport.Jobs> jobs() {
        return MeshBus.request(
                        vertx, Addresses.SUPERVISOR_STATE, new JsonObject(), Correlation.fresh(), probeTimeoutMs())
                .map(reply -> jobs(MeshJson.fromJson(reply.body(), SupervisorViews.State.class)))
                .otherwise(err -> new HeartbeatReport.Jobs(
                        false, "the supervisor did not answer: " + err.getMessage(), 0, 0, 0, 0, List.of()));
    }

    private static HeartbeatReport.Jobs jobs(SupervisorViews.State state) {
        List<HeartbeatReport.Child> children = state.childRuntimeRecords().stream()
                .map(r -> new HeartbeatReport.Child(
                        r.id(), r.state().wire(), r.restarts().restartCount()))
                .toList();
        SupervisorViews.Children counts = state.children();
        return new HeartbeatReport.Jobs(
                true, null, counts.running(), counts.failed(), counts.quarantined(), counts.targetCount(), children);
    }

    private void repair(long now, List<RunnerProbe> probes, HeartbeatReport.Jobs jobs) {
        SelfRepairSettings repair = settings.selfRepair();
        for (RunnerProbe probe : probes) {
            RunnerWatch watch = watches.get(probe.runtime());
            switch (watch.observe(now, probe, repair)) {
                case RESTART -> restart(now, watch, jobs);
                case GIVE_UP ->
                    LOG.warning(() -> "self-repair: " + watch.runtime() + " runner: " + watch.note()
                            + "; it stays as it is until it cycles again (state in " + settings.statePath() + ")");
                default -> {}
            }
        }
    }

    private void restart(long now, RunnerWatch watch, HeartbeatReport.Jobs jobs) {
        String child = watch.runtime();
        boolean supervised = jobs.children().stream().anyMatch(c -> c.id().equals(child));
        if (jobs.available() && !supervised) {
            watch.cannotRepair(now, "the supervisor has no child '" + child + "' to restart");
            LOG.warning(() -> "self-repair: " + child + " runner is stuck, and " + watch.note());
            return;
        }
        boolean quarantined = jobs.children().stream()
                .anyMatch(c ->
                        c.id().equals(child) && ChildState.QUARANTINED.wire().equals(c.state()));
        if (quarantined) {
            watch.cannotRepair(now, "its supervisor child is quarantined (release it first)");
            LOG.warning(() -> "self-repair: " + child + " runner is stuck, and " + watch.note());
            return;
        }
        LOG.warning(
                () -> "self-repair: " + child + " runner " + watch.note() + ": restarting it through the supervisor");
        JsonObject command = MeshJson.toJson(SupervisorCommandRequest.of(SupervisorCommand.RESTART, child)
                .withReason("self-repair: " + watch.note()));
        MeshBus.request(vertx, Addresses.SUPERVISOR_COMMAND, command, Correlation.fresh(), 120_000, "self-repair")
                .onSuccess(reply -> {
                    String display = MeshJson.fromJson(reply.body(), SupervisorCommandResult.class)
                            .display();
                    watch.restartAnswered(display);
                    LOG.info(() -> "self-repair: restart of " + child + ": " + display);
                })
                .onFailure(err -> {
                    watch.restartAnswered("no answer: " + err.getMessage());
                    LOG.warning(() -> "self-repair: restart of " + child + " got no answer: " + err.getMessage());
                });
    }

    private HeartbeatReport report(long now, List<RunnerProbe> probes, HeartbeatReport.Jobs jobs) {
        List<String> reasons = new ArrayList<>();
        List<HeartbeatReport.Events> events = new ArrayList<>();
        for (RunnerProbe probe : probes) {
            Long busMs = lastEventMs.get(probe.runtime());
            Long at =
                    busMs != null ? busMs : probe.lastCycleUnixMs() > 0 ? Long.valueOf(probe.lastCycleUnixMs()) : null;
            events.add(new HeartbeatReport.Events(
                    probe.runtime(),
                    at,
                    at == null ? null : now - at,
                    busMs != null ? "bus" : at != null ? "state" : "none"));
            RunnerWatch watch = watches.get(probe.runtime());
            if (watch.stuck() || watch.gaveUp()) {
                reasons.add(probe.runtime() + ": " + watch.note());
            }
        }
        if (!jobs.available()) {
            reasons.add(jobs.error());
        } else {
            jobs.children().stream()
                    .filter(c -> ChildState.QUARANTINED.wire().equals(c.state())
                            || ChildState.FAILED.wire().equals(c.state()))
                    .forEach(c -> reasons.add("child " + c.id() + " is " + c.state()));
        }
        if (orphans.last().error() != null) {
            reasons.add("tool builds: " + orphans.last().error());
        }
        SelfRepairSettings repair = settings.selfRepair();
        HeartbeatReport.SelfRepair selfRepair = new HeartbeatReport.SelfRepair(
                repair.enabled(),
                repair.timeoutMs(),
                repair.maxRetries(),
                watches.values().stream().map(w -> w.report(now)).toList(),
                orphans.last());
        return new HeartbeatReport(
                MeshMessage.SCHEMA_VERSION,
                reasons.isEmpty() ? HeartbeatStatus.HEALTHY : HeartbeatStatus.DEGRADED,
                Instant.ofEpochMilli(now).toString(),
                now,
                new HeartbeatReport.Beat(
                        ++ticks, settings.intervalMs(), ProcessHandle.current().pid()),
                new HeartbeatReport.Probes(
                        probes.stream().map(RunnerProbe::queue).toList(), events, jobs),
                selfRepair,
                reasons);
    }

    private Future<Void> write(HeartbeatReport report) {
        byte[] bytes = (MeshJson.toJson(report).encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8);
        return AtomicFiles.writeAsync(vertx, settings.statePath(), bytes);
    }
}
