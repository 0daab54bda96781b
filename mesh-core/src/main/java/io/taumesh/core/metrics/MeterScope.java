package io.taumesh.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taumesh.core.contract.WireName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges one component registered, removed together when it stops. A gauge reads the live object it was
 * registered with, so a restarted component (a child the supervisor restarts in the same node) must register
 * its gauges anew rather than leave the registry reading the stopped instance. Counters and timers are left
 * registered: registering them again returns the same meter, and they keep counting across restarts.
 */
public final class MeterScope implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();
    private final List<Supplier<Long>> totals = new ArrayList<>();

    public MeterScope(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A gauge that reads {@code value} of {@code subject} at each scrape. */
    public synchronized <T> Gauge gauge(
            String name, String description, Tags tags, T subject, ToDoubleFunction<T> value) {
        Gauge gauge = Gauge.builder(name, subject, value)
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
        gauges.add(gauge);
        return gauge;
    }

    /** A gauge that reads a number at each scrape. */
    public Gauge gauge(String name, String description, Tags tags, Supplier<Number> value) {
        return gauge(name, description, tags, value, s -> {
            Number n = s.get();
            return n == null ? Double.NaN : n.doubleValue();
        });
    }

    /** A counter whose total is read at each scrape ({@code total} must only grow); removed with the scope. */
    public synchronized FunctionCounter counter(String name, String description, Tags tags, Supplier<Long> total) {
        FunctionCounter counter = FunctionCounter.builder(name, total, t -> t.get())
                .description(description)
                .tags(tags)
                .register(registry);
        // A function counter holds what it reads weakly: the scope keeps it for as long as the counter is registered.
        totals.add(total);
        gauges.add(counter);
        return counter;
    }

    /**
     * One gauge per constant of {@code type}, labelled {@code label}: 1 for the current constant, 0 for the others, so
     * that every state has a series from the start and a query for one of them never comes back empty.
     */
    public <E extends Enum<E> & WireName> void stateGauge(
            String name, String description, Tags tags, String label, Class<E> type, Supplier<E> current) {
        for (E value : type.getEnumConstants()) {
            gauge(name, description, tags.and(label, value.wire()), () -> current.get() == value ? 1 : 0);
        }
    }

    /** Removes one gauge of this scope (a child that was removed). */
    public synchronized void remove(Meter gauge) {
        if (gauges.remove(gauge)) {
            registry.remove(gauge);
        }
    }

    @Override
    public synchronized void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
        totals.clear();
    }
}
