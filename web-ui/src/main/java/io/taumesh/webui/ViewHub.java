package io.taumesh.webui;

import io.taumesh.core.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The views every admitted page hears ({@code ui.view.*}: a page is admitted once it showed the operator token, with
 * its snapshot request), pushed to each bridge socket as the bridge's own {@code rec} frame, encoded once per update and written as the same bytes to every socket. The bridge itself
 * would register a consumer per socket and address and encode each message once per socket: with thousands of
 * pages, that is most of the cost of an update. A page whose socket cannot take more (its write queue full) is
 * disconnected: it reconnects and draws itself again from a snapshot, instead of showing views with gaps.
 */
final class ViewHub {

    static final List<String> VIEWS = List.of(
            Addresses.UI_VIEW_WIDGETS,
            Addresses.UI_VIEW_SUPERVISOR,
            Addresses.UI_VIEW_LINK,
            Addresses.UI_VIEW_CLUSTER,
            Addresses.UI_VIEW_AUDIT,
            Addresses.UI_VIEW_RUNNERS,
            Addresses.UI_VIEW_INGRESS);
    private static final Logger LOG = Logger.getLogger(ViewHub.class.getName());

    private final Set<SockJSSocket> sockets = ConcurrentHashMap.newKeySet();
    private final UiMetrics metrics;

    ViewHub(UiMetrics metrics) {
        this.metrics = metrics;
    }

    /** Listens to the views on this node alone: one consumer each, however many pages are open. */
    Future<Void> start(Vertx vertx) {
        return Future.all(VIEWS.stream()
                        .map(address -> vertx.eventBus()
                                .<JsonObject>localConsumer(address, m -> push(frame(address, m.body())))
                                .completion())
                        .toList())
                .mapEmpty();
    }

    /** A page showed the operator token: it hears the views from now on. */
    void admit(SockJSSocket socket) {
        sockets.add(socket);
    }

    boolean admitted(SockJSSocket socket) {
        return sockets.contains(socket);
    }

    void closed(SockJSSocket socket) {
        sockets.remove(socket);
    }

    int pages() {
        return sockets.size();
    }

    /** The bridge's frame for a message on {@code address}, as a page's bus client reads it. */
    static Buffer frame(String address, JsonObject body) {
        return Buffer.buffer(new JsonObject()
                .put("type", "rec")
                .put("address", address)
                .put("body", body)
                .encode());
    }

    private void push(Buffer frame) {
        metrics.viewPushed();
        for (SockJSSocket socket : sockets) {
            if (socket.writeQueueFull()) {
                sockets.remove(socket);
                metrics.slowPageDisconnected();
                LOG.warning(() -> "web-ui: a page at " + socket.remoteAddress() + " does not keep up with the views; "
                        + "disconnected, to resynchronise from a snapshot when it reconnects");
                socket.close();
                continue;
            }
            try {
                socket.write(frame);
            } catch (RuntimeException closing) {
                // A page that hangs up while an update goes out: its socket is closing, and its close removes it. An
                // exception let out of here would count as the web UI's own failure.
                sockets.remove(socket);
                LOG.fine(() -> "web-ui: a page closed as a view went out: " + closing);
            }
        }
    }
}
