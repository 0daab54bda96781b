package io.taumesh.dashboard;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.CaseProcessor;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dashboard case is a widget update ({@code widget}: id, kind, data) or a control action ({@code action}:
 * target, action, and its fields). An update changes the channel's view (200, widget_views_updated); an
 * action is routed to its service and applied (200, control_actions_applied) or rejected (409). Content
 * that cannot be used is refused (400) naming the field.
 */
final class DashboardCaseProcessor implements CaseProcessor {

    static final List<String> KINDS = List.of("gauge", "counter", "status", "text", "list", "sparkline", "table");
    static final Pattern WIDGET_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final ChannelViews channels;
    private final ControlRouter router;
    private final CanaryDecisions decisions;

    DashboardCaseProcessor(ChannelViews channels, ControlRouter router, CanaryDecisions decisions) {
        this.channels = channels;
        this.router = router;
        this.decisions = decisions;
    }

    @Override
    public Set<String> caseFields() {
        return Set.of("widget", "action");
    }

    @Override
    public Optional<FieldError> validate(JsonObject c) {
        boolean widget = c.containsKey("widget");
        boolean action = c.containsKey("action");
        if (widget == action) {
            return Optional.of(new FieldError(
                    widget ? "action" : "widget",
                    "a case has either widget or action, not " + (widget ? "both" : "neither")));
        }
        String field = widget ? "widget" : "action";
        return c.getValue(field) instanceof JsonObject
                ? Optional.empty()
                : Optional.of(new FieldError(field, "must be an object"));
    }

    @Override
    public Future<CaseResult> process(FixtureEntry.Valid testCase, int attempt, Correlation correlation) {
        channels.touch(testCase.channelId());
        JsonObject widget = testCase.input().getJsonObject("widget");
        return widget != null
                ? Future.succeededFuture(widget(testCase.channelId(), widget))
                : action(testCase, testCase.input().getJsonObject("action"), correlation);
    }

    private CaseResult widget(String channelId, JsonObject w) {
        Object id = w.getValue("id");
        if (!(id instanceof String s) || !WIDGET_ID.matcher(s).matches()) {
            return refused(
                    "widget.id", "must be 1-64 characters of [a-z0-9._-] starting with a letter or digit, got " + id);
        }
        Object kind = w.getValue("kind");
        if (!(kind instanceof String k) || !KINDS.contains(k)) {
            return refused("widget.kind", "must be one of " + String.join(", ", KINDS) + ", got " + kind);
        }
        if (!(w.getValue("data") instanceof JsonObject data)) {
            return refused("widget.data", "must be an object");
        }
        WidgetView view = channels.update(
                channelId,
                (String) id,
                (String) kind,
                data.getMap(),
                Instant.now().toString());
        return CaseResult.of(
                        200,
                        new JsonObject()
                                .put("widget_id", view.id())
                                .put("kind", view.kind())
                                .put("seq", view.seq())
                                .put("data", data))
                .withReasonCodes(Set.of(ReasonCode.WIDGET_VIEWS_UPDATED));
    }

    private Future<CaseResult> action(FixtureEntry.Valid testCase, JsonObject action, Correlation correlation) {
        CanaryDecision.Kind decision =
                CanaryDecision.Kind.ofAction(action.getValue("action") instanceof String a ? a : null);
        if (decision != null && "dashboard".equals(action.getValue("target", "dashboard"))) {
            return canary(testCase, action, decision, correlation);
        }
        Optional<FieldError> problem = ControlRouter.problem(action);
        if (problem.isPresent()) {
            return Future.succeededFuture(
                    refused(problem.get().field(), problem.get().reason()));
        }
        String key = action.getString("idempotency_key", "case:" + testCase.caseId());
        return router.route(action, key, correlation).map(routed -> {
            if (routed.transientFailure()) {
                return CaseResult.transientFailure(routed.reason());
            }
            JsonObject body = new JsonObject()
                    .put("target", action.getString("target"))
                    .put("action", action.getString("action"))
                    .put("result", (routed.accepted() ? ControlVerdict.ACCEPTED : ControlVerdict.REJECTED).wire())
                    .put("reason", routed.reason());
            if (!routed.accepted()) {
                return CaseResult.of(409, body.put("error", routed.reason()));
            }
            channels.actionApplied(
                    testCase.channelId(),
                    body.copy().put("case_id", testCase.caseId()).getMap());
            return CaseResult.of(200, body).withReasonCodes(Set.of(ReasonCode.CONTROL_ACTIONS_APPLIED));
        });
    }

    /** An operator's canary decision: kept (forced) before the case succeeds, applied from this cycle's commit on. */
    private Future<CaseResult> canary(
            FixtureEntry.Valid testCase, JsonObject action, CanaryDecision.Kind decision, Correlation correlation) {
        Optional<FieldError> problem = CanaryDecision.reasonProblem(action.getValue("reason"));
        if (problem.isPresent()) {
            return Future.succeededFuture(
                    refused(problem.get().field(), problem.get().reason()));
        }
        String reason = action.getString("reason").strip();
        String key = action.getString("idempotency_key", "case:" + testCase.caseId());
        return Vertx.currentContext()
                .executeBlocking(() -> decisions.decide(decision, reason, correlation.requestId(), key))
                .map(made -> {
                    JsonObject body = new JsonObject()
                            .put("target", "dashboard")
                            .put("action", decision.action())
                            .put("result", ControlVerdict.ACCEPTED.wire())
                            .put("reason", "canary " + decision.wire() + " recorded: " + made.reason());
                    channels.actionApplied(
                            testCase.channelId(),
                            body.copy().put("case_id", testCase.caseId()).getMap());
                    return CaseResult.of(200, body).withReasonCodes(Set.of(ReasonCode.CONTROL_ACTIONS_APPLIED));
                });
    }

    private static CaseResult refused(String field, String reason) {
        return CaseResult.of(
                400, new JsonObject().put("error", field + ": " + reason).put("field", field));
    }
}
