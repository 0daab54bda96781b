package io.taumesh.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** Request/reply on the event bus with the correlation headers carried both ways, failing fast when the server dies. */
public final class MeshBus {

    public static final long DEFAULT_TIMEOUT_MS = 5_000;

    private MeshBus() {}

    /** Sends a request one hop further along the caller's trace. */
    public static Future<Message<JsonObject>> request(
            Vertx vertx, String address, Object body, Correlation correlation, long timeoutMs) {
        return send(
                vertx, address, body, correlation.nextHop().deliveryOptions().setSendTimeout(timeoutMs));
    }

    /** As above, for an action that came in by {@code origin} ({@link ActionOrigin}): the far side audits it so. */
    public static Future<Message<JsonObject>> request(
            Vertx vertx, String address, Object body, Correlation correlation, long timeoutMs, String origin) {
        DeliveryOptions options = correlation.nextHop().deliveryOptions().setSendTimeout(timeoutMs);
        return send(vertx, address, body, ActionOrigin.applyTo(options, origin));
    }

    private static Future<Message<JsonObject>> send(Vertx vertx, String address, Object body, DeliveryOptions options) {
        // On a clustered node, a request whose serving member dies fails when the member is seen to leave.
        return FailFastRequests.track(
                vertx,
                address,
                vertx.eventBus()
                        .request(address, body instanceof JsonObject json ? json : MeshJson.toJson(body), options));
    }

    /** Answers a request, echoing its correlation so the caller can match the reply to its request. */
    public static void reply(Message<?> request, Object body) {
        JsonObject json = body instanceof JsonObject j ? j : MeshJson.toJson(body);
        request.reply(json, Correlation.from(request.headers()).deliveryOptions());
    }
}
