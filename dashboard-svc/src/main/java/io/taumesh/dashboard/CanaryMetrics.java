package io.taumesh.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taumesh.core.metrics.MeterScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The canary's verdicts as metrics: {@code tau_dashboard_canary_promotable_phases} (how many phases promotion may go
 * to now, 0 to 4) and {@code tau_dashboard_canary_verdicts_total{promotable_to}} (verdict changes recorded, by how far
 * each let promotion go; {@code none} for no phase). Every label value is registered at 0 from the start.
 */
final class CanaryMetrics implements AutoCloseable {

    /** The {@code promotable_to} values: no phase, then the phases in order (a label value takes no hyphen). */
    static final List<String> PROMOTABLE_TO =
            List.of("none", "canary_1", "canary_2", "canary_3", "general_availability");

    private final MeterScope scope;
    private final AtomicInteger promotable = new AtomicInteger();
    private final Map<String, Counter> verdicts = new LinkedHashMap<>();

    CanaryMetrics(MeterRegistry registry) {
        this.scope = new MeterScope(registry);
        scope.gauge(
                "tau_dashboard_canary_promotable_phases",
                "Canary phases promotion may go to now (0: none, 4: general availability)",
                Tags.empty(),
                promotable::get);
        for (String to : PROMOTABLE_TO) {
            verdicts.put(
                    to,
                    Counter.builder("tau_dashboard_canary_verdicts")
                            .description("Changes of the canary verdict recorded, by how far each let promotion go")
                            .tag("promotable_to", to)
                            .register(registry));
        }
    }

    /** The verdict after a cycle; {@code recorded} when it was a change, written to the decision record. */
    void verdict(@Nullable CanaryVerdict verdict, boolean recorded) {
        if (verdict == null) {
            return;
        }
        String to =
                verdict.promotableTo() == null ? "none" : verdict.promotableTo().replace('-', '_');
        promotable.set(Math.max(0, PROMOTABLE_TO.indexOf(to)));
        if (recorded) {
            verdicts.get(to).increment();
        }
    }

    @Override
    public void close() {
        scope.close();
    }
}
