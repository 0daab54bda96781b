package io.taumesh.webui;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import java.util.Map;
import java.util.logging.Logger;

/**
 * An action a signed-in operator's role does not permit, refused where it enters (the bridge), whatever the page
 * showed: counted ({@code tau_webui_refused_actions_total{reason="role"}}), logged and audited by the dashboard with
 * who asked and what role it needs.
 */
final class RoleRefusal {

    private static final Logger LOG = Logger.getLogger(RoleRefusal.class.getName());

    private RoleRefusal() {}

    static void report(
            Vertx vertx,
            BridgeEvent event,
            UiMetrics metrics,
            JsonObject body,
            OperatorBook.Operator operator,
            Correlation correlation) {
        metrics.refused(UiMetrics.Refusal.ROLE);
        String name = UiBridge.actionName(body);
        String reason = why(operator, name);
        LOG.warning(() -> "ui control action refused (" + reason + ") from "
                + event.socket().remoteAddress() + ", x-request-id " + correlation.requestId());
        JsonObject a = body.getJsonObject("action");
        AuditEntry.Action action = new AuditEntry.Action(
                name,
                a.getValue("target") instanceof String t ? t : null,
                a.getValue("child_id") instanceof String c ? Map.of("child_id", c) : null,
                a.getValue("idempotency_key") instanceof String k ? k : null);
        RefusedActions.report(
                vertx, MeshService.DASHBOARD, action, reason, UiBridge.origin(event, operator), correlation);
    }

    /** Why, for the operator: {@code vera (viewer) may not pause: it needs the operator role}. */
    static String why(OperatorBook.Operator operator, String action) {
        return operator.name() + " (" + operator.role().wire() + ") may not "
                + (action == null ? "take an action without a name" : action) + ": it needs the "
                + OperatorRole.needed(action == null ? "" : action).wire() + " role";
    }
}
