package io.taumesh.dashboard;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.RememberedAnswers;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.runner.control.ControlHandler;
import io.taumesh.core.runner.control.RunnerControl;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.engine.SingleRun;
import io.taumesh.core.runner.fixture.Expectation;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.ControlResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code tau.dashboard.control}: actions on the dashboard runner itself ({@code target} absent or
 * {@code dashboard}) are applied to it directly. Actions for the gateway or the supervisor run as a cycle
 * of one case: deduplicated by their idempotency key, routed, committed and reported with
 * {@code control_actions_applied}, so that each is applied at most once and leaves a trace.
 */
final class DashboardControl implements ControlHandler {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    static final Pattern CHANNEL = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}");
    static final String DEFAULT_CHANNEL = "operator";
    static final int REMEMBERED = 1024;

    private final ContractRunner runner;
    private final RunnerControl own;
    private final RememberedAnswers<ControlResult> answered = new RememberedAnswers<>(REMEMBERED);

    DashboardControl(ContractRunner runner) {
        this.runner = runner;
        this.own = new RunnerControl(runner);
    }

    @Override
    public Future<ControlResult> apply(JsonObject body, Correlation correlation) {
        if (body == null) {
            return Future.succeededFuture(rejected(null, null, null, "body: a JSON object is required"));
        }
        Object targetValue = body.getValue("target", "dashboard");
        if (!(targetValue instanceof String target)) {
            return Future.succeededFuture(rejected(null, null, null, "target: must be a string, got " + targetValue));
        }
        String action = body.getValue("action") instanceof String a ? a : null;
        boolean decision = CanaryDecision.Kind.ofAction(action) != null;
        if (target.equals("dashboard") && !decision) {
            return own.apply(body, correlation);
        }
        Optional<ControlResult> noReason = decision ? withoutReason(target, action, body) : Optional.empty();
        if (noReason.isPresent()) {
            return Future.succeededFuture(noReason.get());
        }
        Object keyValue = body.getValue("idempotency_key");
        if (keyValue != null && !(keyValue instanceof String k && KEY.matcher(k).matches())) {
            return Future.succeededFuture(
                    rejected(target, action, null, "idempotency_key: must be 1-100 characters of [A-Za-z0-9._:-]"));
        }
        String key = keyValue == null ? UUID.randomUUID().toString() : (String) keyValue;
        Object channelValue = body.getValue("channel_id", DEFAULT_CHANNEL);
        if (!(channelValue instanceof String channel)
                || !CHANNEL.matcher(channel).matches()) {
            return Future.succeededFuture(
                    rejected(target, action, key, "channel_id: must be 1-64 characters of [A-Za-z0-9._-]"));
        }
        ControlResult earlier = answered.get(key);
        if (earlier != null) {
            return Future.succeededFuture(earlier.asDuplicate());
        }
        JsonObject routed = body.copy();
        routed.remove("channel_id");
        String caseId = "control:" + key;
        JsonObject input = new JsonObject()
                .put("case_id", caseId)
                .put("channel_id", channel)
                .put("action", routed);
        FixtureEntry.Valid entry = new FixtureEntry.Valid("control", caseId, channel, input, Expectation.NONE, 0);
        return runner.runSingle(entry, "control", correlation)
                .map(run -> answer(run, target, action, key, channel))
                .otherwise(err -> rejected(target, action, key, err.getMessage()));
    }

    /** A canary decision without its reason, refused here: an operator's slip must not count against the gates. */
    private static Optional<ControlResult> withoutReason(String target, String action, JsonObject body) {
        return CanaryDecision.reasonProblem(body.getValue("reason"))
                .map(problem -> rejected(
                        target,
                        action,
                        body.getValue("idempotency_key") instanceof String k ? k : null,
                        "reason: " + problem.reason()));
    }

    /** What a routed action's cycle made of it; an answer is kept so that a retry of the key gets it again. */
    private ControlResult answer(SingleRun run, String target, String action, String key, String channel) {
        if (run.duplicate()) {
            return ControlResult.accepted(
                            DashboardRuntime.RUNTIME,
                            action,
                            key,
                            "already applied: idempotency key " + key + " was used before",
                            Map.of("cycle_id", run.report().cycleId()))
                    .asDuplicate();
        }
        JsonObject result =
                run.result() == null ? new JsonObject() : run.result().body();
        boolean accepted = ControlVerdict.ACCEPTED.wire().equals(result.getString("result"));
        String reason = result.getString("reason", result.getString("error", run.reason() == null ? "" : run.reason()));
        Map<String, Object> detail =
                Map.of("target", target, "cycle_id", run.report().cycleId(), "channel_id", channel);
        ControlResult answer = accepted
                ? ControlResult.accepted(DashboardRuntime.RUNTIME, action, key, reason, detail)
                : ControlResult.rejected(DashboardRuntime.RUNTIME, action, key, reason, detail);
        answered.put(key, answer);
        return answer;
    }

    private static ControlResult rejected(String target, String action, String key, String reason) {
        return ControlResult.rejected(
                DashboardRuntime.RUNTIME, action, key, reason, target == null ? Map.of() : Map.of("target", target));
    }
}
