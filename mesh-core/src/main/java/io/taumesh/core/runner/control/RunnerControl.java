package io.taumesh.core.runner.control;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.RememberedAnswers;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.ControlResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Control actions on a runner ({@code tau.<runtime>.control}): pause, resume, run a cycle now, reset the
 * failure streak, change the queue limit, replay a fixture. Each is answered accepted or rejected with a
 * reason, and applied at most once per idempotency key.
 */
public final class RunnerControl implements ControlHandler {

    static final int REMEMBERED_KEYS = 1024;

    private final ContractRunner runner;
    private final RememberedAnswers<Future<ControlResult>> seen = new RememberedAnswers<>(REMEMBERED_KEYS);

    public RunnerControl(ContractRunner runner) {
        this.runner = runner;
    }

    /** Applies an action ({@code {"action": ..., "idempotency_key": ..., ...}}); never fails, rejects instead. */
    @Override
    public Future<ControlResult> apply(JsonObject body, Correlation correlation) {
        // Read as values, not with getString: a field of the wrong type is a rejection naming it, not an exception.
        Object actionValue = body == null ? null : body.getValue("action");
        Object keyValue = body == null ? null : body.getValue("idempotency_key");
        if (actionValue != null && !(actionValue instanceof String)) {
            return Future.succeededFuture(rejected(
                    null,
                    null,
                    "action: must be a string (one of " + WireName.listed(RunnerAction.class) + "), got "
                            + FieldError.shown(actionValue)));
        }
        if (keyValue != null && !(keyValue instanceof String)) {
            return Future.succeededFuture(rejected(
                    (String) actionValue,
                    null,
                    "idempotency_key: must be a string, got " + FieldError.shown(keyValue)));
        }
        String action = (String) actionValue;
        String key = (String) keyValue;
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

    private Future<ControlResult> dispatch(String name, JsonObject body, Correlation correlation, String key) {
        if (name == null) {
            return Future.succeededFuture(
                    rejected(null, key, "action: is required (one of " + WireName.listed(RunnerAction.class) + ")"));
        }
        RunnerAction action = WireName.parse(RunnerAction.class, name).orElse(null);
        if (action == null) {
            return Future.succeededFuture(rejected(
                    name,
                    key,
                    "action: unknown " + FieldError.shown(name) + " (one of " + WireName.listed(RunnerAction.class)
                            + ")"));
        }
        return switch (action) {
            case PAUSE ->
                runner.state().paused()
                        ? Future.succeededFuture(rejected(name, key, "already paused"))
                        : done(name, key, runner.setPaused(true), "paused; no cycle runs until resumed");
            case RESUME ->
                !runner.state().paused()
                        ? Future.succeededFuture(rejected(name, key, "not paused"))
                        : done(name, key, runner.setPaused(false), "resumed");
            case RESET_STREAK -> done(name, key, runner.resetStreak(), "failure streak reset to 0");
            case SET_QUEUE_LIMIT -> setQueueLimit(name, key, body.getValue(action.parameter()));
            case RUN_CYCLE -> runCycle(name, key, correlation);
            case REPLAY_FIXTURE -> {
                Object path = body.getValue(action.parameter());
                // Confined to the fixtures dir: a path from a message never reads anything else on the host.
                yield runner.replay(path)
                        .map(n -> accepted(name, key, n + " entries queued from " + path, Map.of("queued", n)))
                        .otherwise(err -> rejected(name, key, err.getMessage()));
            }
        };
    }

    private Future<ControlResult> setQueueLimit(String name, String key, Object limit) {
        if (!(limit instanceof Integer n) || n < 1 || n > RunnerSettings.MAX_QUEUE_LIMIT) {
            return Future.succeededFuture(rejected(
                    name,
                    key,
                    RunnerAction.SET_QUEUE_LIMIT.parameter() + ": must be an integer from 1 to "
                            + RunnerSettings.MAX_QUEUE_LIMIT + ", got " + FieldError.shown(limit)));
        }
        return done(name, key, runner.setQueueLimit(n), "queue limit set to " + n);
    }

    private Future<ControlResult> runCycle(String name, String key, Correlation correlation) {
        return runner.runCycle("control", correlation)
                .map(report -> report == null
                        ? accepted(name, key, "nothing queued: no cycle recorded", Map.of())
                        : accepted(
                                name,
                                key,
                                "cycle " + report.cycleId() + " committed",
                                Map.of(
                                        "cycle_id",
                                        report.cycleId(),
                                        "reason_codes",
                                        ReasonCode.wires(report.results().reasonCodes()))))
                .otherwise(err -> rejected(name, key, err.getMessage()));
    }

    private Future<ControlResult> done(String action, String key, Future<Void> work, String reason) {
        return work.map(v -> accepted(action, key, reason, Map.of()))
                .otherwise(err -> rejected(action, key, err.getMessage()));
    }

    private ControlResult accepted(String action, String key, String reason, Map<String, Object> detail) {
        return ControlResult.accepted(runner.profile().runtime(), action, key, reason, detail);
    }

    private ControlResult rejected(String action, String key, String reason) {
        return ControlResult.rejected(runner.profile().runtime(), action, key, reason, Map.of());
    }
}
