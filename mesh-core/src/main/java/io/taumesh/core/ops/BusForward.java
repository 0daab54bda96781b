package io.taumesh.core.ops;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.security.OperatorBook;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An HTTP request answered by a request over the event bus, with the caller's correlation: 200 with the reply,
 * 503 when no member serves the address, 504 when the answer did not come in time, 502 when the far side failed.
 */
final class BusForward {

    static final long TIMEOUT_MS = 5_000;

    private BusForward() {}

    static void forward(Vertx vertx, RoutingContext ctx, String address, JsonObject body, long timeoutMs) {
        Correlation correlation = HttpCorrelation.of(ctx);
        MeshBus.request(vertx, address, body, correlation, timeoutMs, origin(ctx))
                .onSuccess(reply -> {
                    // The reply's own headers, not the request's: the caller sees what the far side carried back.
                    ctx.response().headers().remove(Correlation.REQUEST_ID).remove(Correlation.TRACEPARENT);
                    reply.headers().forEach(h -> {
                        if (h.getKey().equals(Correlation.REQUEST_ID)
                                || h.getKey().equals(Correlation.TRACEPARENT)) {
                            ctx.response().headers().set(h.getKey(), h.getValue());
                        }
                    });
                    json(ctx, 200, reply.body() == null ? new JsonObject() : reply.body());
                })
                .onFailure(err -> {
                    if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                        json(ctx, 503, error("no member of the cluster serves " + address));
                    } else if (err instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                        json(ctx, 504, error(address + " did not answer within " + timeoutMs + " ms"));
                    } else {
                        json(ctx, 502, error(address + " failed: " + err.getMessage()));
                    }
                });
    }

    /**
     * The ops endpoint and its caller's address, as the audit of a service names where an action came from, with who
     * signed in once the route let them in: {@code ops 127.0.0.1:40112 as vera}.
     */
    static String origin(RoutingContext ctx) {
        OperatorBook.Operator who = ctx.get(OperatorRoutes.SIGNED_IN);
        return ActionOrigin.named("ops", ctx.request().remoteAddress() + (who == null ? "" : " as " + who.name()));
    }

    static JsonObject error(String message) {
        return new JsonObject().put("error", message);
    }

    /** Writes {@code body}, a JSON object or a message record, unless the response is already over. */
    static void json(RoutingContext ctx, int status, Object body) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(body instanceof JsonObject json ? json.encode() : MeshJson.toJsonString(body));
        }
    }
}
