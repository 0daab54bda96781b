package io.taumesh.core.ops;

import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshService;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.logging.Logger;

/**
 * The operator's questions and commands to the supervisor on a node's ops endpoint, so that a command on the same
 * host asks a node that is already a member instead of joining the cluster for one request:
 * {@code GET /mesh/supervisor/state}, {@code GET /mesh/supervisor/health} and {@code POST /mesh/supervisor/command}.
 * Like every {@code /mesh/*} route, which reaches the event bus on the caller's behalf, they need the node's ops token
 * as {@code Authorization: Bearer <token>} ({@link #authorized}).
 */
public final class OperatorRoutes {

    public static final String STATE = "/mesh/supervisor/state";
    public static final String HEALTH = "/mesh/supervisor/health";
    public static final String COMMAND = "/mesh/supervisor/command";
    static final int MAX_COMMAND_BYTES = 16 * 1024;
    /** A shutdown answers once the supervisor has stopped its children: give it the supervisor's own stop budget. */
    static final long COMMAND_TIMEOUT_MS = 60_000;

    private static final Logger LOG = Logger.getLogger(OperatorRoutes.class.getName());

    private OperatorRoutes() {}

    static void mount(Router router, Vertx vertx, String opsToken) {
        router.get(STATE)
                .handler(ctx -> BusForward.forward(
                        vertx, ctx, Addresses.SUPERVISOR_STATE, new JsonObject(), BusForward.TIMEOUT_MS));
        router.get(HEALTH)
                .handler(ctx -> BusForward.forward(
                        vertx, ctx, Addresses.SUPERVISOR_HEALTH, new JsonObject(), BusForward.TIMEOUT_MS));
        router.post(COMMAND)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_COMMAND_BYTES))
                .handler(ctx -> command(vertx, ctx));
    }

    /**
     * Lets a {@code /mesh/*} request on only with the node's ops token: it reaches the event bus, which only the mesh's
     * own may. The token is in the node's discovery file (0600, the owner's), or given as {@code TAU_OPS_TOKEN}.
     */
    static void authorized(RoutingContext ctx, String opsToken) {
        String header = ctx.request().getHeader("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
        if (OpsToken.matches(opsToken, given)) {
            ctx.next();
            return;
        }
        String reason = (given == null ? "no" : "a wrong") + " ops token";
        LOG.warning(() -> "ops: " + ctx.request().method() + " " + ctx.request().path() + " from "
                + ctx.request().remoteAddress() + " was refused (" + reason + ")");
        if (ctx.request().path().equals(COMMAND)) {
            RefusedActions.report(
                    ctx.vertx(), MeshService.SUPERVISOR, null, reason, BusForward.origin(ctx), HttpCorrelation.of(ctx));
        }
        BusForward.json(
                ctx,
                403,
                BusForward.error(
                        ctx.request().path() + " needs the node's ops token "
                                + "(Authorization: Bearer <token>; a local ./tau-mesh reads it from the node's discovery file)"));
    }

    private static void command(Vertx vertx, RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null) {
            BusForward.json(ctx, 400, BusForward.error("the body must be a JSON object: a supervisor command"));
            return;
        }
        BusForward.forward(vertx, ctx, Addresses.SUPERVISOR_COMMAND, body, COMMAND_TIMEOUT_MS);
    }
}
