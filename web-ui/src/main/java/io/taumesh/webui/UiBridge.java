package io.taumesh.webui;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.security.OperatorBook;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The browser's link to the event bus: SockJS (the page uses its plain WebSocket transport) with permits for
 * {@code ui.view.*} out and {@code ui.control} in, nothing else. A WebSocket from a page of another origin is refused.
 * Everything a page gets or does needs the operator token (compared in constant time): its snapshot request admits
 * the socket to the views ({@link ViewHub}: every admitted socket hears them without registering; a client may still
 * register for one the usual way, once admitted), and each control action carries it. The token is taken out of the
 * message before it goes on, so it never travels the bus, and a refused action is audited on {@code ui.view.audit} like
 * an applied one.
 */
final class UiBridge {

    private static final Logger LOG = Logger.getLogger(UiBridge.class.getName());

    private UiBridge() {}

    /** The headers that tell the web UI's own handlers who signed in (the bridge sets them; a page's are dropped). */
    static final String OPERATOR = "x-tau-operator";

    static final String ROLE = "x-tau-operator-role";

    static final String EXPIRES = "x-tau-operator-expires";

    static Router router(Vertx vertx, Supplier<OperatorBook> book, UiMetrics metrics, ViewHub views) {
        SockJSBridgeOptions options = new SockJSBridgeOptions()
                .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.UI_VIEW_PATTERN))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.UI_CONTROL));
        return SockJSHandler.create(vertx).bridge(options, event -> check(vertx, event, book, metrics, views));
    }

    /** A control action without the right token: counted, logged and audited, naming only the refusal. */
    private static void refuseAction(
            Vertx vertx, BridgeEvent event, UiMetrics metrics, JsonObject body, Object given, Correlation correlation) {
        UiMetrics.Refusal why = given == null ? UiMetrics.Refusal.NO_TOKEN : UiMetrics.Refusal.WRONG_TOKEN;
        metrics.refused(why);
        // Neither the given token nor the real one is written anywhere: the audit and the log name the refusal
        // only.
        String reason = (given == null ? "no" : "a wrong") + " operator token";
        LOG.warning(() -> "ui control action refused (" + reason + ") from "
                + event.socket().remoteAddress() + ", x-request-id " + correlation.requestId());
        // Page actions go to the dashboard: its trail keeps the refusal beside the actions it answered.
        RefusedActions.report(vertx, MeshService.DASHBOARD, auditAction(body), reason, origin(event), correlation);
    }

    /** The action a page's message asks for, as the audit names it; null when it names none. */
    static AuditEntry.@Nullable Action auditAction(JsonObject body) {
        return body.getValue("action") instanceof JsonObject a ? AuditEntry.Action.sent(a) : null;
    }

    private static void countSessions(BridgeEvent event, UiMetrics metrics, ViewHub views) {
        switch (event.type()) {
            case SOCKET_CREATED -> metrics.sessionOpened();
            case SOCKET_CLOSED -> {
                metrics.sessionClosed();
                views.closed(event.socket());
            }
            default -> {}
        }
    }

    private static void check(
            Vertx vertx, BridgeEvent event, Supplier<OperatorBook> book, UiMetrics metrics, ViewHub views) {
        countSessions(event, metrics, views);
        JsonObject raw = event.getRawMessage();
        String address = raw == null ? null : raw.getString("address");
        if (deniedAddress(event.type(), address)) {
            metrics.refused(UiMetrics.Refusal.DENIED_ADDRESS); // the bridge's permits refuse it next
        }
        if (event.type() == BridgeEventType.PUBLISH) {
            // A page only sends (and gets one answer); a publish to ui.control would reach the mesh without the token
            // check.
            event.complete(false);
            return;
        }
        if (event.type() == BridgeEventType.REGISTER) {
            // Hearing a view is for pages that showed the token.
            event.complete(views.admitted(event.socket()));
            return;
        }
        if (event.type() != BridgeEventType.SEND || !Addresses.UI_CONTROL.equals(address)) {
            event.complete(true);
            return;
        }
        control(vertx, event, raw, book, metrics, views);
    }

    /** A page's message to ui.control: signed in or refused, its role checked for an action, passed on with who. */
    private static void control(
            Vertx vertx,
            BridgeEvent event,
            JsonObject raw,
            Supplier<OperatorBook> book,
            UiMetrics metrics,
            ViewHub views) {
        JsonObject body = raw.getValue("body") instanceof JsonObject b ? b : new JsonObject();
        // Only the correlation goes on from the page's headers, checked and completed: it follows the action through
        // the mesh into runtime events, the audit and the log lines.
        Correlation correlation = Correlation.from(headersOf(raw));
        JsonObject headers = new JsonObject()
                .put(Correlation.REQUEST_ID, correlation.requestId())
                .put(Correlation.TRACEPARENT, correlation.traceparent());
        boolean snapshot = "snapshot".equals(body.getString("op"));
        // A read (the snapshot, a runtime's history) changes nothing: refused without the token, but not audited.
        boolean read = snapshot || "history".equals(body.getString("op"));
        Object given = body.getValue("token");
        OperatorBook.SignIn signIn = book.get().signIn(given instanceof String text ? text : null, Instant.now());
        OperatorBook.Operator operator = signIn.signedIn().orElse(null);
        if (signIn.expired()) {
            // Told to the page, which says what to do: the bridge answers itself (the web UI's handler replies).
            SignInExpiry.report(vertx, event, metrics, body, signIn, correlation, read);
            raw.put("body", SignInExpiry.answer(signIn)).put("headers", headers);
            event.setRawMessage(raw);
            event.complete(true);
            return;
        }
        if (operator == null) {
            if (read) {
                refuseSnapshot(event, metrics, given, correlation);
                return;
            }
            refuseAction(vertx, event, metrics, body, given, correlation);
            event.complete(false);
            return;
        }
        if (!read && !operator.role().permits(actionName(body))) {
            RoleRefusal.report(vertx, event, metrics, body, operator, correlation);
            event.complete(false);
            return;
        }
        body.remove("token");
        if (snapshot) {
            // The page signed in: it hears the views from now on, and draws itself from this snapshot.
            views.admit(event.socket());
        }
        headers.put(OPERATOR, operator.name()).put(ROLE, operator.role().wire());
        if (signIn.expiresAt() != null) {
            headers.put(EXPIRES, signIn.expiresAt().toString());
        }
        raw.put("body", body).put("headers", headers.put(ActionOrigin.HEADER, origin(event, operator)));
        event.setRawMessage(raw);
        event.complete(true);
    }

    /** A page without the token reads nothing of the mesh: counted and logged (never the token), not audited. */
    private static void refuseSnapshot(BridgeEvent event, UiMetrics metrics, Object given, Correlation correlation) {
        metrics.refused(given == null ? UiMetrics.Refusal.NO_TOKEN : UiMetrics.Refusal.WRONG_TOKEN);
        LOG.warning(() -> "ui snapshot refused (" + (given == null ? "no" : "a wrong") + " operator token) from "
                + event.socket().remoteAddress() + ", x-request-id " + correlation.requestId());
        event.complete(false);
    }

    /** How the audit names an action from a page: the web UI and the browser's address as the bridge saw it. */
    static String origin(BridgeEvent event) {
        return ActionOrigin.named("web-ui", event.socket().remoteAddress());
    }

    /** The same, with who signed in: {@code web-ui 127.0.0.1:51234 as alice}. */
    static String origin(BridgeEvent event, OperatorBook.Operator operator) {
        return ActionOrigin.named("web-ui", event.socket().remoteAddress() + " as " + operator.name());
    }

    /** The control action a page's message asks for, or null. */
    static String actionName(JsonObject body) {
        return body.getValue("action") instanceof JsonObject a && a.getValue("action") instanceof String n ? n : null;
    }

    /** A message the bridge refuses for its address: any publish, a send to any address but ui.control, a register outside ui.view.*. */
    private static boolean deniedAddress(BridgeEventType type, String address) {
        return switch (type) {
            case SEND -> !Addresses.UI_CONTROL.equals(address);
            case PUBLISH -> true;
            case REGISTER -> address == null || !address.matches(Addresses.UI_VIEW_PATTERN);
            default -> false;
        };
    }

    private static MultiMap headersOf(JsonObject raw) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (raw.getValue("headers") instanceof JsonObject given) {
            given.forEach(e -> {
                if (e.getValue() instanceof String value) {
                    headers.add(e.getKey(), value);
                }
            });
        }
        return headers;
    }

    /**
     * Refuses a WebSocket opened by a page of another origin than the UI's own or one of {@code allowed} (pages served
     * through a proxy); a client without an Origin (not a browser) may connect.
     */
    static Handler<RoutingContext> sameOrigin(String host, int[] port, List<String> allowed, UiMetrics metrics) {
        return ctx -> {
            String origin = ctx.request().getHeader("Origin");
            if (allowedOrigin(origin, ctx.request().getHeader("Host"), host, port[0], allowed)) {
                ctx.next();
            } else {
                metrics.originRejected();
                LOG.warning(() -> "refused a bridge connection from origin " + origin
                        + " (a page served through a proxy needs its origin in --ui-allowed-origins)");
                ctx.response().setStatusCode(403).end("origin not allowed");
            }
        };
    }

    private static final Pattern IP_HOST =
            Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?");

    /**
     * A page of the UI's own origin: the address it listens on, loopback by name or number, or the address the browser
     * asked for ({@code Host}) when that is a number or {@code localhost}, as behind a published container port
     * ({@code 127.0.0.1:18080} to the container's 8080). A {@code Host} that is a DNS name is not taken: a page of
     * another site could point its own name at this address (DNS rebinding).
     */
    static boolean allowedOrigin(String origin, String hostHeader, String uiHost, int port, List<String> allowed) {
        // A client without an Origin is no browser page; the list cannot be asked about a null.
        return origin == null || allowed.contains(origin) || allowedOrigin(origin, hostHeader, uiHost, port);
    }

    /** The UI's own origin only (see above). */
    static boolean allowedOrigin(String origin, String hostHeader, String uiHost, int port) {
        if (origin == null
                || origin.equals("http://" + uiHost + ":" + port)
                || origin.equals("http://localhost:" + port)
                || origin.equals("http://127.0.0.1:" + port)) {
            return true;
        }
        if (hostHeader == null || !origin.equals("http://" + hostHeader)) {
            return false;
        }
        return IP_HOST.matcher(hostHeader).matches()
                || hostHeader.equals("localhost")
                || hostHeader.startsWith("localhost:");
    }
}
