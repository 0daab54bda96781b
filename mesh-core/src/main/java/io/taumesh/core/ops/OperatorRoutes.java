package io.taumesh.core.ops;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.security.OperatorBook;
import io.taumesh.core.security.OperatorRole;
import io.taumesh.core.security.OperatorsFile;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The operator's questions and commands to the supervisor on a node's ops endpoint, so that a command on the same
 * host asks a node that is already a member instead of joining the cluster for one request:
 * {@code GET /mesh/supervisor/state}, {@code GET /mesh/supervisor/health} and {@code POST /mesh/supervisor/command}.
 * Like every {@code /mesh/*} route, which reaches the event bus on the caller's behalf, they need someone signed in:
 * the node's ops token or a named operator's secret as {@code Authorization: Bearer} ({@link #authorized}), and a
 * command the role its name needs ({@code restart} an operator's, the others an admin's).
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

    static void mount(Router router, Vertx vertx) {
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

    /** Where a request that signed in keeps who it is, for its role and its audit origin. */
    static final String SIGNED_IN = "tau.operator";

    /**
     * Lets a {@code /mesh/*} request on only for someone signed in: the node's ops token (its owner, an admin: the token
     * is in the node's discovery file, 0600, or given as {@code TAU_OPS_TOKEN}) or a named operator's secret, as
     * {@code Authorization: Bearer}. A read needs any role; a command, the role its name needs ({@link #command}).
     */
    static void authorized(RoutingContext ctx, Supplier<OperatorBook> book) {
        String header = ctx.request().getHeader("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
        OperatorBook.SignIn signIn = book.get().signIn(given, Instant.now());
        if (signIn.signedIn().isPresent()) {
            ctx.put(SIGNED_IN, signIn.signedIn().get());
            ctx.next();
            return;
        }
        String reason = signIn.expired()
                ? signIn.operator().name() + "'s secret expired at " + signIn.expiresAt()
                : (given == null ? "no" : "a wrong") + " ops token or operator secret";
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
                        ctx.request().path()
                                + (signIn.expired()
                                        ? " refused: " + reason + "; "
                                                + OperatorsFile.renewal(
                                                        signIn.operator().name())
                                        : " needs the node's ops token or a named operator's secret (Authorization: Bearer "
                                                + "<token>; a local ./tau-mesh reads the ops token from the node's discovery file)")));
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
        OperatorBook.Operator who = ctx.get(SIGNED_IN);
        String action = WireName.parse(SupervisorCommand.class, body.getValue("command") instanceof String c ? c : "")
                .map(OperatorRole::actionOf)
                .orElse(null);
        // A command with no known name is the supervisor's to refuse (naming the field); a known one needs its role.
        if (action != null && !who.role().permits(action)) {
            String reason = OperatorRole.refusal(who, action);
            LOG.warning(() ->
                    "ops: " + COMMAND + " from " + ctx.request().remoteAddress() + " was refused (" + reason + ")");
            RefusedActions.report(
                    ctx.vertx(),
                    MeshService.SUPERVISOR,
                    // Shaped as the supervisor audits the commands it answers: the command's name, its child.
                    new AuditEntry.Action(
                            body.getString("command"),
                            body.getValue("child_id") instanceof String child ? child : null,
                            body.getValue("reason") instanceof String why ? Map.of("reason", why) : null,
                            body.getValue("idempotency_key") instanceof String key ? key : null),
                    reason,
                    BusForward.origin(ctx),
                    HttpCorrelation.of(ctx));
            BusForward.json(ctx, 403, BusForward.error(reason));
            return;
        }
        BusForward.forward(vertx, ctx, Addresses.SUPERVISOR_COMMAND, body, COMMAND_TIMEOUT_MS);
    }
}
