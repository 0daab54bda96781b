package io.taumesh.core.bus;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.Optional;

/**
 * The correlation of the request being handled, kept where the code handling it can find it again without
 * passing it along: in the local data of the Vert.x context the request runs on. Vert.x runs each event-bus
 * message and each HTTP request on a context of its own (a duplicate of the verticle's), and the futures chained
 * in its handler continue there, so a value bound there belongs to that request only. The log formatter reads it
 * to stamp {@code request_id} and {@code trace_id} on every line the request's handling logs.
 *
 * <p>Context-local data is part of Vert.x's internal API ({@code ContextInternal}); the public {@code ContextLocal}
 * must be registered before any Vert.x instance exists, which a library cannot promise.
 */
public final class CorrelationContext {

    private static final Object KEY = CorrelationContext.class;

    private CorrelationContext() {}

    /** Binds {@code correlation} to the request running now; does nothing outside a per-request context. */
    public static void bind(Correlation correlation) {
        if (Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate()) {
            context.putLocal(KEY, correlation);
        }
    }

    /** The correlation of the request running now, if one was bound. */
    public static Optional<Correlation> current() {
        Context context = Vertx.currentContext();
        if (context instanceof ContextInternal internal && internal.isDuplicate()) {
            return Optional.ofNullable(internal.getLocal(KEY));
        }
        return Optional.empty();
    }

    /**
     * Runs {@code work} now, on a context of its own bound to {@code correlation}: for work that starts on the
     * verticle's own context (a timer's cycle), so that what it logs, and the futures it chains, carry it.
     */
    public static void runWith(Correlation correlation, Runnable work) {
        if (!(Vertx.currentContext() instanceof ContextInternal context)) {
            work.run();
            return;
        }
        ContextInternal own = context.duplicate();
        own.putLocal(KEY, correlation);
        own.dispatch(work);
    }
}
