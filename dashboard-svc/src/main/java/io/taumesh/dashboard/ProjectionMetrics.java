package io.taumesh.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.metrics.MeterScope;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The widget projection's service levels, per runtime projected ({@code dashboard}: its own events, kept in
 * {@code widget-views.json}; {@code gateway}: the gateway's events as they arrive):
 * <ul>
 *   <li>{@code tau_projection_lag_events}: cycles the runtime published that the projection does not hold yet;</li>
 *   <li>{@code tau_projection_writes_total{result}}: writes of the stored projection, {@code ok} or {@code failed};</li>
 *   <li>{@code tau_projection_drift_incidents_total{reason}}: times the projection was found not to be the fold of
 *   the events ({@link DriftReason});</li>
 *   <li>{@code tau_projection_replay_failures_total}: event logs or events that could not be replayed into it.</li>
 * </ul>
 */
final class ProjectionMetrics implements AutoCloseable {

    /** The runtimes the dashboard projects, as the {@code runtime} label names them. */
    static final List<String> RUNTIMES = List.of(MeshService.DASHBOARD.id(), MeshService.GATEWAY.id());

    private final MeterScope scope;
    private final Map<String, AtomicLong> published = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> projected = new ConcurrentHashMap<>();
    private final Map<String, Map<DriftReason, Counter>> drift = new ConcurrentHashMap<>();
    private final Map<String, Counter> replayFailures = new ConcurrentHashMap<>();
    private final Counter writesOk;
    private final Counter writesFailed;

    ProjectionMetrics(MeterRegistry registry) {
        this.scope = new MeterScope(registry);
        for (String runtime : RUNTIMES) {
            Tags tags = Tags.of("runtime", runtime);
            AtomicLong out = published.computeIfAbsent(runtime, k -> new AtomicLong());
            AtomicLong in = projected.computeIfAbsent(runtime, k -> new AtomicLong());
            scope.gauge(
                    "tau_projection_lag_events",
                    "Cycles a runtime published that its widget projection does not hold yet",
                    tags,
                    () -> Math.max(0, out.get() - in.get()));
            Map<DriftReason, Counter> reasons = new EnumMap<>(DriftReason.class);
            for (DriftReason reason : DriftReason.values()) {
                reasons.put(
                        reason,
                        Counter.builder("tau_projection_drift_incidents")
                                .description(
                                        "Times a widget projection was found not to be the fold of its runtime's events")
                                .tags(tags)
                                .tag("reason", reason.wire())
                                .register(registry));
            }
            drift.put(runtime, reasons);
            replayFailures.put(
                    runtime,
                    Counter.builder("tau_projection_replay_failures")
                            .description("Event logs or events that could not be replayed into a widget projection")
                            .tags(tags)
                            .register(registry));
        }
        Tags own = Tags.of("runtime", MeshService.DASHBOARD.id());
        writesOk = Counter.builder("tau_projection_writes")
                .description("Writes of the stored widget projection")
                .tags(own)
                .tag("result", "ok")
                .register(registry);
        writesFailed = Counter.builder("tau_projection_writes")
                .description("Writes of the stored widget projection")
                .tags(own)
                .tag("result", "failed")
                .register(registry);
    }

    /** The runtime has published cycles up to {@code cycleId}. */
    void published(String runtime, long cycleId) {
        published.get(runtime).accumulateAndGet(cycleId, Math::max);
    }

    /** The projection holds the runtime's cycles up to {@code cycleId}. */
    void projected(String runtime, long cycleId) {
        projected.get(runtime).set(cycleId);
    }

    /** The runtime's history started over (a runtime with a new state dir): both marks follow it. */
    void restarted(String runtime, long cycleId) {
        published.get(runtime).set(cycleId);
        projected.get(runtime).set(cycleId);
    }

    void written(boolean ok) {
        (ok ? writesOk : writesFailed).increment();
    }

    void drift(String runtime, DriftReason reason) {
        drift.get(runtime).get(reason).increment();
    }

    void replayFailed(String runtime) {
        replayFailures.get(runtime).increment();
    }

    @Override
    public void close() {
        scope.close();
    }
}
