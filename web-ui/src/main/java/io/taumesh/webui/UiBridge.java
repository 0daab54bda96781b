package io.taumesh.webui;

import io.taumesh.core.bus.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * The browser's link to the event bus: SockJS (the page uses its plain WebSocket transport) with permits for
 * {@code ui.view.*} out and {@code ui.control} in, nothing else. A WebSocket from a page of another origin is
 * refused. A control action on {@code ui.control} needs the operator token; the token is taken out of the
 * message before it goes on, so it never travels the bus.
 */
final class UiBridge {

  private static final Logger LOG = Logger.getLogger(UiBridge.class.getName());

  private UiBridge() {
  }

  static Router router(Vertx vertx, String token) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.UI_VIEW_PATTERN))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.UI_CONTROL));
    return SockJSHandler.create(vertx).bridge(options, event -> check(event, token));
  }

  private static void check(BridgeEvent event, String token) {
    if (event.type() != BridgeEventType.SEND || event.getRawMessage() == null || !Addresses.UI_CONTROL.equals(event.getRawMessage().getString("address"))) {
      event.complete(true);
      return;
    }
    JsonObject raw = event.getRawMessage();
    JsonObject body = raw.getValue("body") instanceof JsonObject b ? b : new JsonObject();
    if ("snapshot".equals(body.getString("op"))) {
      event.complete(true); // reading needs no token
      return;
    }
    String given = body.getString("token");
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      LOG.warning(() -> "ui control action refused (no or wrong operator token) from " + event.socket().remoteAddress());
      event.complete(false);
      return;
    }
    body.remove("token");
    raw.put("body", body).put("headers", new JsonObject().put("x-ui-remote", String.valueOf(event.socket().remoteAddress())));
    event.setRawMessage(raw);
    event.complete(true);
  }

  /** Refuses a WebSocket opened by a page of another origin; a client without an Origin (not a browser) may connect. */
  static Handler<RoutingContext> sameOrigin(String host, int[] port) {
    return ctx -> {
      String origin = ctx.request().getHeader("Origin");
      if (origin == null || origin.equals("http://" + host + ":" + port[0]) || origin.equals("http://localhost:" + port[0])
          || origin.equals("http://127.0.0.1:" + port[0])) {
        ctx.next();
      } else {
        LOG.warning(() -> "refused a bridge connection from origin " + origin);
        ctx.response().setStatusCode(403).end("origin not allowed");
      }
    };
  }
}
