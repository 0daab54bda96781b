package io.taumesh.webui;

import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.security.OperatorBook;
import io.taumesh.core.security.OperatorRole;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
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
        String reason = OperatorRole.refusal(operator, UiBridge.actionName(body));
        LOG.warning(() -> "ui control action refused (" + reason + ") from "
                + event.socket().remoteAddress() + ", x-request-id " + correlation.requestId());
        RefusedActions.report(
                vertx,
                MeshService.DASHBOARD,
                UiBridge.auditAction(body),
                reason,
                UiBridge.origin(event, operator),
                correlation);
    }
}
