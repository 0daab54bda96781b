package io.taumesh.webui;

import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.security.OperatorBook;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A named operator whose secret has expired ({@code expires_at} in the operators file): nothing is read or done for
 * the page, the refusal is counted ({@code tau_webui_refused_actions_total{reason="expired"}}), logged, audited when
 * it was an action, and answered in words, so that the page says whose sign-in ended, when, and what to do.
 */
final class SignInExpiry {

    private static final Logger LOG = Logger.getLogger(SignInExpiry.class.getName());

    /** What the page's request becomes: the web UI's own handler answers it as {@link UiViews.Expired}. */
    static final String OP = "sign_in_expired";

    private SignInExpiry() {}

    static void report(
            Vertx vertx,
            BridgeEvent event,
            UiMetrics metrics,
            JsonObject body,
            OperatorBook.SignIn signIn,
            Correlation correlation,
            boolean read) {
        metrics.refused(UiMetrics.Refusal.EXPIRED);
        OperatorBook.Operator who = Objects.requireNonNull(signIn.operator());
        String reason = why(signIn);
        LOG.warning(() -> "ui " + (read ? "sign-in" : "control action") + " refused (" + reason + ") from "
                + event.socket().remoteAddress() + ", x-request-id " + correlation.requestId());
        if (!read) {
            RefusedActions.report(
                    vertx,
                    MeshService.DASHBOARD,
                    UiBridge.auditAction(body),
                    reason,
                    UiBridge.origin(event, who),
                    correlation);
        }
    }

    /** {@code vera's secret expired at 2026-12-05T21:00:00Z}. */
    static String why(OperatorBook.SignIn signIn) {
        return Objects.requireNonNull(signIn.operator()).name() + "'s secret expired at " + signIn.expiresAt();
    }

    /** The message the web UI's handler answers: who, since when. */
    static JsonObject answer(OperatorBook.SignIn signIn) {
        OperatorBook.Operator who = Objects.requireNonNull(signIn.operator());
        return new JsonObject()
                .put("op", OP)
                .put("name", who.name())
                .put("role", who.role().wire())
                .put("expired_at", String.valueOf(signIn.expiresAt()));
    }
}
