package io.taumesh.supervisor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taumesh.core.contract.ChildLifecycle;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.DashboardLink;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.metrics.MeterScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The supervisor's metrics: children by state; per child (ids come from the supervision config, a bounded set)
 * restarts, exits by exit kind, quarantines, restart budget and whether it is quarantined; the control loop's
 * iterations, rate and interval; the dashboard link; blocked children. Counters are fed by child events; gauges
 * read a snapshot the supervisor's context refreshes at every control-loop iteration.
 */
final class SupervisorMetrics implements AutoCloseable {

    /** One child's gauges and the values they read. */
    private record ChildMeters(
            List<Gauge> gauges, AtomicInteger tokens, AtomicInteger capacity, AtomicInteger quarantined) {}

    private final MeterRegistry registry;
    private final MeterScope scope;
    private final Counter iterations;
    private final Map<ChildState, AtomicInteger> byState = new EnumMap<>(ChildState.class);
    private final Map<String, ChildMeters> children = new ConcurrentHashMap<>();
    private volatile double iterationsPerSec;
    private volatile boolean linkUp;
    private volatile int blocked;

    SupervisorMetrics(MeterRegistry registry, long loopIntervalMs) {
        this.registry = registry;
        this.scope = new MeterScope(registry);
        this.iterations = Counter.builder("tau_supervisor_control_loop_iterations")
                .description("Iterations of the supervisor's control loop")
                .register(registry);
        for (ChildState state : ChildState.values()) {
            AtomicInteger count = new AtomicInteger();
            byState.put(state, count);
            scope.gauge(
                    "tau_supervisor_children",
                    "Children of the supervisor in each state",
                    Tags.of("state", state.wire()),
                    count::get);
        }
        scope.gauge(
                "tau_supervisor_control_loop_iterations_per_second",
                "Control-loop iterations per second, last 5 s",
                Tags.empty(),
                () -> iterationsPerSec);
        scope.gauge(
                "tau_supervisor_control_loop_interval_seconds",
                "The control loop's configured interval",
                Tags.empty(),
                () -> loopIntervalMs / 1000.0);
        scope.gauge(
                "tau_supervisor_dashboard_link_up",
                "1 while the relay's heartbeat keeps the dashboard link connected",
                Tags.empty(),
                () -> linkUp ? 1 : 0);
        scope.gauge(
                "tau_supervisor_blocked_children",
                "Children whose context stopped running tasks (starvation)",
                Tags.empty(),
                () -> blocked);
    }

    /** A child lifecycle event, as {@link SupervisorEvents} publishes it. */
    void childEvent(ChildLifecycle event, ChildRecord record, TaskExit exit) {
        String id = record.spec.id();
        switch (event) {
            case ADDED -> added(id);
            case REMOVED -> removed(id);
            case RESTARTED ->
                counter("tau_supervisor_child_restarts", "Restarts of a child, by its policy or by command", id)
                        .increment();
            case QUARANTINED ->
                counter("tau_supervisor_quarantines", "Times a child was quarantined", id)
                        .increment();
            case EXITED -> exits(id).get(exit.kind()).increment();
            default -> {
                // started, released, blocked, unblocked: seen in the gauges' next snapshot
            }
        }
    }

    /** A restart the supervisor decided on after an exit of class {@code crash}. */
    void restartedAfter(ChildRecord record, CrashClass crash) {
        restartsAfter(record.spec.id()).get(crash).increment();
    }

    /** Reads the children and the supervisor's health into the gauges' snapshot; call on the supervisor's context. */
    void refresh(Collection<ChildRecord> records, SupervisorViews.Health health) {
        iterations.increment();
        Map<ChildState, Integer> counts = new EnumMap<>(ChildState.class);
        long now = System.currentTimeMillis();
        for (ChildRecord r : records) {
            counts.merge(r.state, 1, Integer::sum);
            ChildMeters meters = children.get(r.spec.id());
            if (meters != null) {
                meters.tokens().set(r.budget.tokens(now));
                meters.capacity().set(r.budget.capacity());
                meters.quarantined().set(r.is(ChildState.QUARANTINED) ? 1 : 0);
            }
        }
        byState.forEach((state, count) -> count.set(counts.getOrDefault(state, 0)));
        iterationsPerSec = health.iterationsPerSec();
        linkUp = health.dashboardLink() == DashboardLink.CONNECTED;
        blocked = health.blockedChildren().size();
    }

    private void added(String id) {
        Tags child = Tags.of("child", id);
        AtomicInteger tokens = new AtomicInteger();
        AtomicInteger capacity = new AtomicInteger();
        AtomicInteger quarantined = new AtomicInteger();
        List<Gauge> gauges = new ArrayList<>();
        gauges.add(scope.gauge(
                "tau_supervisor_restart_budget_tokens",
                "Restarts a child may still take before it is quarantined",
                child,
                tokens::get));
        gauges.add(scope.gauge(
                "tau_supervisor_restart_budget_capacity", "A child's restart budget when full", child, capacity::get));
        gauges.add(scope.gauge(
                "tau_supervisor_child_quarantined", "1 while a child is quarantined", child, quarantined::get));
        ChildMeters previous = children.put(id, new ChildMeters(gauges, tokens, capacity, quarantined));
        if (previous != null) {
            previous.gauges().forEach(scope::remove);
        }
        // Every counter of the child from its start, so that its rate is 0 rather than missing.
        counter("tau_supervisor_child_restarts", "Restarts of a child, by its policy or by command", id);
        counter("tau_supervisor_quarantines", "Times a child was quarantined", id);
        exits(id);
        restartsAfter(id);
    }

    private void removed(String id) {
        ChildMeters meters = children.remove(id);
        if (meters != null) {
            meters.gauges().forEach(scope::remove);
        }
    }

    private Counter counter(String name, String description, String child) {
        return Counter.builder(name)
                .description(description)
                .tag("child", child)
                .register(registry);
    }

    private Map<ExitKind, Counter> exits(String child) {
        Map<ExitKind, Counter> byKind = new EnumMap<>(ExitKind.class);
        for (ExitKind kind : ExitKind.values()) {
            byKind.put(
                    kind,
                    Counter.builder("tau_supervisor_child_exits")
                            .description("Ends of a child's runs, by exit kind")
                            .tag("child", child)
                            .tag("exit_kind", kind.wire())
                            .register(registry));
        }
        return byKind;
    }

    private Map<CrashClass, Counter> restartsAfter(String child) {
        Map<CrashClass, Counter> byClass = new EnumMap<>(CrashClass.class);
        for (CrashClass crash : CrashClass.values()) {
            byClass.put(
                    crash,
                    Counter.builder("tau_supervisor_restarts_after_exit")
                            .description("Restarts the supervisor decided on after a child's exit, by the kind of exit")
                            .tag("child", child)
                            .tag("crash_class", crash.wire())
                            .register(registry));
        }
        return byClass;
    }

    @Override
    public void close() {
        scope.close();
        children.clear();
    }
}
