package io.taumesh.core.runner;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Control actions on a runner ({@code tau.<runtime>.control}): pause, resume, run a cycle now, reset the
 * failure streak, change the queue limit, replay a fixture. Each is answered accepted or rejected with a
 * reason, and applied at most once per idempotency key.
 */
public final class RunnerControl implements ControlHandler {

  public static final List<String> ACTIONS = List.of("pause", "resume", "run_cycle", "reset_streak", "set_queue_limit", "replay_fixture");
  static final int REMEMBERED_KEYS = 1024;

  private final ContractRunner runner;
  private final Map<String, Future<ControlResult>> seen = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Future<ControlResult>> eldest) {
      return size() > REMEMBERED_KEYS;
    }
  };

  public RunnerControl(ContractRunner runner) {
    this.runner = runner;
  }

  /** Applies an action ({@code {"action": ..., "idempotency_key": ..., ...}}); never fails, rejects instead. */
  @Override
  public Future<ControlResult> apply(JsonObject body, Correlation correlation) {
    String action = body == null ? null : body.getString("action");
    String key = body == null ? null : body.getString("idempotency_key");
    if (key != null) {
      Future<ControlResult> earlier = seen.get(key);
      if (earlier != null) {
        return earlier.map(ControlResult::asDuplicate);
      }
    }
    Future<ControlResult> result = dispatch(action, body, correlation, key);
    if (key != null) {
      seen.put(key, result);
    }
    return result;
  }

  private Future<ControlResult> dispatch(String action, JsonObject body, Correlation correlation, String key) {
    if (action == null) {
      return Future.succeededFuture(rejected(null, key, "action: is required (one of " + String.join(", ", ACTIONS) + ")"));
    }
    return switch (action) {
      case "pause" -> runner.state().paused()
          ? Future.succeededFuture(rejected(action, key, "already paused"))
          : done(action, key, runner.setPaused(true), "paused; no cycle runs until resumed");
      case "resume" -> !runner.state().paused()
          ? Future.succeededFuture(rejected(action, key, "not paused"))
          : done(action, key, runner.setPaused(false), "resumed");
      case "reset_streak" -> done(action, key, runner.resetStreak(), "failure streak reset to 0");
      case "set_queue_limit" -> {
        Object limit = body.getValue("queue_limit");
        if (!(limit instanceof Integer n) || n < 1 || n > ContractRunner.Settings.MAX_QUEUE_LIMIT) {
          yield Future.succeededFuture(rejected(action, key,
              "queue_limit: must be an integer from 1 to " + ContractRunner.Settings.MAX_QUEUE_LIMIT + ", got " + limit));
        }
        yield done(action, key, runner.setQueueLimit(n), "queue limit set to " + n);
      }
      case "run_cycle" -> runner.runCycle("control", correlation).map(report -> report == null
          ? accepted(action, key, "nothing queued: no cycle recorded", Map.of())
          : accepted(action, key, "cycle " + report.cycleId() + " committed",
              Map.of("cycle_id", report.cycleId(), "reason_codes", report.reasonCodes())))
          .otherwise(err -> rejected(action, key, err.getMessage()));
      case "replay_fixture" -> {
        Object path = body.getValue("fixture");
        if (!(path instanceof String p) || p.isBlank()) {
          yield Future.succeededFuture(rejected(action, key, "fixture: is required (a fixture file path)"));
        }
        yield runner.enqueue(List.of(Path.of(p)), true)
            .map(n -> accepted(action, key, n + " entries queued from " + p, Map.of("queued", n)))
            .otherwise(err -> rejected(action, key, err.getMessage()));
      }
      default -> Future.succeededFuture(rejected(action, key,
          "action: unknown '" + action + "' (one of " + String.join(", ", ACTIONS) + ")"));
    };
  }

  private Future<ControlResult> done(String action, String key, Future<Void> work, String reason) {
    return work.map(v -> accepted(action, key, reason, Map.of())).otherwise(err -> rejected(action, key, err.getMessage()));
  }

  private ControlResult accepted(String action, String key, String reason, Map<String, Object> detail) {
    return new ControlResult(MeshMessage.SCHEMA_VERSION, runner.profile().runtime(), action, ControlResult.ACCEPTED, reason,
        key, false, detail);
  }

  private ControlResult rejected(String action, String key, String reason) {
    return new ControlResult(MeshMessage.SCHEMA_VERSION, runner.profile().runtime(), action, ControlResult.REJECTED, reason,
        key, false, Map.of());
  }
}
