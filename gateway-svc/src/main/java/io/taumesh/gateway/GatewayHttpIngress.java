package io.taumesh.gateway;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.metrics.HttpServerMetrics;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.runner.engine.BacklogFull;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.runner.wire.OutputRecord;
import io.taumesh.core.security.InputLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The gateway's HTTP ingress for clients outside the event bus:
 * {@code POST /v1/actors/<actor_id>/requests} with a JSON request body, answered by {@link ActorIngress}
 * once the request is recorded in the actor's channel; {@code GET /v1/actors/<actor_id>} for a channel's size.
 * {@code x-request-id} and {@code traceparent} are kept, or made, and returned.
 */
final class GatewayHttpIngress {

    private static final Logger LOG = Logger.getLogger(GatewayHttpIngress.class.getName());
    static final long MAX_BODY_BYTES = InputLimits.MAX_BODY_BYTES;

    private GatewayHttpIngress() {}

    static Future<HttpServer> start(Vertx vertx, GatewayRuntime runtime, IngressTally tally, String host, int port) {
        Router router = Router.router(vertx);
        router.route()
                .handler(HttpServerMetrics.counting(MeshMetrics.of(vertx), HttpServerMetrics.Server.GATEWAY_INGRESS));
        router.route().handler(HttpCorrelation.handler());
        router.post("/v1/actors/:actor_id/requests")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(ctx -> request(runtime, tally, ctx));
        router.get("/v1/actors/:actor_id").handler(ctx -> actor(runtime.runner(), ctx));
        return vertx.createHttpServer(InputLimits.httpServer(host, port))
                .requestHandler(router)
                .listen();
    }

    private static void request(GatewayRuntime runtime, IngressTally tally, RoutingContext ctx) {
        Correlation correlation = HttpCorrelation.of(ctx);
        String actorId = ctx.pathParam("actor_id");
        if (!ActorIngress.validActorId(actorId)) {
            json(
                    ctx,
                    400,
                    new JsonObject()
                            .put("error", "actor_id: must be 1-64 characters of [A-Za-z0-9._-] (not . or ..)")
                            .put("field", "actor_id"));
            return;
        }
        Object body = requestBody(ctx);
        runtime.runner()
                .recordOutside(
                        actorId,
                        () -> record(runtime.ingress().handle(actorId, body, correlation), actorId, correlation))
                .onSuccess(record -> {
                    tally.count(actorId, record.verdict().status(), System.currentTimeMillis());
                    json(
                            ctx,
                            record.verdict().status(),
                            new JsonObject(record.verdict().result()));
                })
                .onFailure(err -> {
                    tally.count(actorId, 503, System.currentTimeMillis());
                    unrecorded(ctx, actorId, err);
                });
    }

    private static Object requestBody(RoutingContext ctx) {
        try {
            return ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return ctx.body().asString();
        }
    }

    private static OutputRecord record(CaseResult result, String actorId, Correlation correlation) {
        boolean ok = result.status() < 400;
        return new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin(null, actorId, null, "http", correlation.requestId()),
                new OutputRecord.Verdict(
                        ok ? CaseOutcome.SUCCEEDED : CaseOutcome.FAILED,
                        1,
                        result.status(),
                        result.body().getMap(),
                        ok ? null : result.body().getString("error")),
                Instant.now().toString());
    }

    /** Not recorded, so not answered as taken: 503, with {@code Retry-After} when the backlog is full. */
    private static void unrecorded(RoutingContext ctx, String actorId, Throwable err) {
        if (err instanceof BacklogFull) {
            ctx.response().putHeader("retry-after", String.valueOf(BacklogFull.RETRY_AFTER_SECONDS));
        } else {
            LOG.warning(() ->
                    "gateway ingress: a request of actor " + actorId + " could not be recorded: " + err.getMessage());
        }
        json(ctx, 503, new JsonObject().put("error", "the request could not be recorded: " + err.getMessage()));
    }

    private static void actor(ContractRunner runner, RoutingContext ctx) {
        String actorId = ctx.pathParam("actor_id");
        if (!ActorIngress.validActorId(actorId)) {
            json(
                    ctx,
                    400,
                    new JsonObject().put("error", "actor_id: must be 1-64 characters of [A-Za-z0-9._-] (not . or ..)"));
            return;
        }
        json(
                ctx,
                200,
                new JsonObject()
                        .put("actor_id", actorId)
                        .put("records", runner.channelRecords(actorId))
                        .put(
                                "channel_dir",
                                runner.store().channels().channelDir(actorId).toString()));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
