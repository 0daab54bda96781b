package io.taumesh.core.audit;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * An entrance's report of an action it refused for its credentials (a page without the operator token, an ops
 * request without the ops token): sent to the audit trail of the service the action was for, so that refusals are
 * kept where that service's answers are. Never the token itself.
 */
public final class RefusedActions {

    private static final Logger LOG = Logger.getLogger(RefusedActions.class.getName());
    private static final AuditEntry.Action UNKNOWN = new AuditEntry.Action(null, null, null, null);

    private RefusedActions() {}

    public static void report(
            Vertx vertx,
            MeshService service,
            AuditEntry.@Nullable Action action,
            String reason,
            String origin,
            Correlation correlation) {
        RefusedAction refusal = new RefusedAction(
                action == null ? UNKNOWN : action,
                reason,
                new AuditEntry.Source(origin, correlation.requestId(), correlation.traceId()));
        vertx.eventBus()
                .request(
                        Addresses.audit(service),
                        new JsonObject().put("refused", MeshJson.toJson(refusal)),
                        correlation.deliveryOptions())
                .onFailure(err -> LOG.warning(() -> "a refused action from " + origin + " is not in the audit of "
                        + service.id() + ": " + err.getMessage()));
    }
}
