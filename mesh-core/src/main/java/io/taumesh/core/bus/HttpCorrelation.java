package io.taumesh.core.bus;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The correlation of an HTTP request: the caller's {@code x-request-id} and {@code traceparent} (made when missing
 * or malformed), bound to the request's context for its log lines and set on the response, whatever its status.
 */
public final class HttpCorrelation {

    private static final String KEY = "tau.correlation";

    private HttpCorrelation() {}

    /** A first route handler that gives every request of a router its correlation. */
    public static Handler<RoutingContext> handler() {
        return ctx -> {
            Correlation correlation = Correlation.from(ctx.request().headers());
            ctx.put(KEY, correlation);
            CorrelationContext.bind(correlation);
            correlation.writeTo(ctx.response().headers());
            ctx.next();
        };
    }

    /** The correlation {@link #handler()} gave this request (one made now if the router lacks the handler). */
    public static Correlation of(RoutingContext ctx) {
        Correlation correlation = ctx.get(KEY);
        return correlation == null ? Correlation.from(ctx.request().headers()) : correlation;
    }
}
