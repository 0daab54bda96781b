package io.taumesh.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** Request/reply on the event bus with the correlation headers carried both ways. */
public final class MeshBus {

  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private MeshBus() {
  }

  /** Sends a request one hop further along the caller's trace. */
  public static Future<Message<JsonObject>> request(Vertx vertx, String address, Object body, Correlation correlation, long timeoutMs) {
    DeliveryOptions options = correlation.nextHop().deliveryOptions().setSendTimeout(timeoutMs);
    return vertx.eventBus().request(address, body instanceof JsonObject json ? json : MeshJson.toJson(body), options);
  }

  /** Answers a request, echoing its correlation so the caller can match the reply to its request. */
  public static void reply(Message<?> request, Object body) {
    JsonObject json = body instanceof JsonObject j ? j : MeshJson.toJson(body);
    request.reply(json, Correlation.from(request.headers()).deliveryOptions());
  }
}
