package io.taumesh.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The metrics registry of each Vert.x instance of this JVM, so that a verticle finds the registry of the node it
 * runs on. A node binds its own registry when it starts: two nodes in one JVM (tests) never share a meter, which
 * a process-wide registry would make them do. A Vert.x that no node bound (a unit test, a foreground runner) gets
 * a registry of its own, kept in memory and served nowhere.
 */
public final class MeshMetrics {

    private static final Map<Vertx, MeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());

    private MeshMetrics() {}

    /** Makes {@code registry} the one the verticles of {@code vertx} record into. */
    public static void bind(Vertx vertx, MeterRegistry registry) {
        REGISTRIES.put(vertx, registry);
    }

    /** Forgets the registry of a Vert.x that is closing. */
    public static void unbind(Vertx vertx) {
        REGISTRIES.remove(vertx);
    }

    /** The registry of {@code vertx}. */
    public static MeterRegistry of(Vertx vertx) {
        return REGISTRIES.computeIfAbsent(vertx, v -> new SimpleMeterRegistry());
    }
}
