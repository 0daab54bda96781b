package io.taumesh.dashboard;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.SupervisorCommandRequest;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.contract.WireName;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a control action on to the service it belongs to: runner actions to {@code tau.gateway.control},
 * child actions to {@code tau.supervisor.command}. The answer comes back as accepted or rejected with a
 * reason; a service that does not answer in time is a transient failure, retried by the runner.
 */
final class ControlRouter {

    static final long TIMEOUT_MS = 5_000;
    /** The services a dashboard control action can be for. */
    static final List<MeshService> TARGETS = List.of(MeshService.GATEWAY, MeshService.SUPERVISOR);

    /** The outcome of routing: the far side's answer, or why there was none. */
    record Routed(boolean accepted, String reason, boolean transientFailure, Map<String, Object> detail) {}

    private final Vertx vertx;

    ControlRouter(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The action names each target takes: the runner actions for the gateway, the child commands for the supervisor. */
    static List<String> actions(MeshService target) {
        return target == MeshService.GATEWAY ? WireName.all(RunnerAction.class) : SupervisorCommand.childActions();
    }

    /** What is wrong with an action, naming the field; empty when it can be routed. */
    static Optional<FieldError> problem(JsonObject action) {
        Object target = action.getValue("target");
        MeshService service = target instanceof String t
                ? MeshService.byId(t).filter(TARGETS::contains).orElse(null)
                : null;
        if (service == null) {
            return Optional.of(new FieldError("action.target", "must be gateway or supervisor, got " + target));
        }
        Object name = action.getValue("action");
        if (!(name instanceof String n) || !actions(service).contains(n)) {
            return Optional.of(new FieldError(
                    "action.action",
                    "must be one of " + String.join(", ", actions(service)) + " for " + service.id() + ", got "
                            + name));
        }
        if (service == MeshService.SUPERVISOR && !(action.getValue("child_id") instanceof String c && !c.isBlank())) {
            return Optional.of(new FieldError("action.child_id", "is required for " + n));
        }
        return Optional.empty();
    }

    /** How the target's audit names an action this runner routed (its own audit names where it came from). */
    static final String ORIGIN = "dashboard";

    Future<Routed> route(JsonObject action, String idempotencyKey, Correlation correlation) {
        MeshService target = MeshService.byId(action.getString("target")).orElseThrow();
        String address;
        JsonObject body;
        if (target == MeshService.GATEWAY) {
            address = Addresses.control(MeshService.GATEWAY);
            body = action.copy();
            body.remove("target");
        } else {
            address = Addresses.SUPERVISOR_COMMAND;
            SupervisorCommand command = SupervisorCommand.fromChildAction(action.getString("action"))
                    .orElseThrow();
            body = MeshJson.toJson(SupervisorCommandRequest.of(command, action.getString("child_id"))
                    .withIdempotencyKey(idempotencyKey)
                    .withReason(action.getValue("reason") instanceof String why ? why : null));
        }
        body.put("idempotency_key", idempotencyKey);
        return MeshBus.request(vertx, address, body, correlation, TIMEOUT_MS, ORIGIN)
                .transform(ar -> {
                    if (ar.succeeded()) {
                        JsonObject reply = ar.result().body();
                        boolean accepted = ControlVerdict.ACCEPTED.wire().equals(reply.getString("result"));
                        return Future.succeededFuture(
                                new Routed(accepted, reply.getString("reason", ""), false, reply.getMap()));
                    }
                    if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                        return Future.succeededFuture(
                                new Routed(false, "no member of the mesh serves " + address, false, Map.of()));
                    }
                    if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                        return Future.succeededFuture(new Routed(
                                false, address + " did not answer within " + TIMEOUT_MS + " ms", true, Map.of()));
                    }
                    return Future.succeededFuture(
                            new Routed(false, address + " failed: " + ar.cause().getMessage(), false, Map.of()));
                });
    }
}
