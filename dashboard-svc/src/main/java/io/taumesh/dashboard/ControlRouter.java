package io.taumesh.dashboard;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
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
  static final Map<String, List<String>> ACTIONS = Map.of(
      "gateway", List.of("pause", "resume", "run_cycle", "reset_streak", "set_queue_limit", "replay_fixture"),
      "supervisor", List.of("restart_child", "quarantine_child", "release_child", "remove_child"));

  /** The outcome of routing: the far side's answer, or why there was none. */
  record Routed(boolean accepted, String reason, boolean transientFailure, Map<String, Object> detail) {
  }

  private final Vertx vertx;

  ControlRouter(Vertx vertx) {
    this.vertx = vertx;
  }

  /** What is wrong with an action, naming the field; empty when it can be routed. */
  static Optional<String> problem(JsonObject action) {
    Object target = action.getValue("target");
    if (!(target instanceof String t) || !ACTIONS.containsKey(t)) {
      return Optional.of("action.target: must be gateway or supervisor, got " + target);
    }
    Object name = action.getValue("action");
    if (!(name instanceof String n) || !ACTIONS.get(t).contains(n)) {
      return Optional.of("action.action: must be one of " + String.join(", ", ACTIONS.get(t)) + " for " + t + ", got " + name);
    }
    if (t.equals("supervisor") && !(action.getValue("child_id") instanceof String c && !c.isBlank())) {
      return Optional.of("action.child_id: is required for " + n);
    }
    return Optional.empty();
  }

  Future<Routed> route(JsonObject action, String idempotencyKey, Correlation correlation) {
    String target = action.getString("target");
    String address;
    JsonObject body;
    if (target.equals("gateway")) {
      address = Addresses.GATEWAY_CONTROL;
      body = action.copy();
      body.remove("target");
    } else {
      address = Addresses.SUPERVISOR_COMMAND;
      String command = action.getString("action").replace("_child", "");
      body = new JsonObject().put("schema_version", 1).put("command", command).put("child_id", action.getString("child_id"));
    }
    body.put("idempotency_key", idempotencyKey);
    return MeshBus.request(vertx, address, body, correlation, TIMEOUT_MS).transform(ar -> {
      if (ar.succeeded()) {
        JsonObject reply = ar.result().body();
        boolean accepted = "accepted".equals(reply.getString("result"));
        return Future.succeededFuture(new Routed(accepted, reply.getString("reason", ""), false, reply.getMap()));
      }
      if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
        return Future.succeededFuture(new Routed(false, "no member of the mesh serves " + address, false, Map.of()));
      }
      if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
        return Future.succeededFuture(new Routed(false, address + " did not answer within " + TIMEOUT_MS + " ms", true, Map.of()));
      }
      return Future.succeededFuture(new Routed(false, address + " failed: " + ar.cause().getMessage(), false, Map.of()));
    });
  }
}
