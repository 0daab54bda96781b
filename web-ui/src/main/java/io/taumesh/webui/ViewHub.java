package io.taumesh.webui;

import io.taumesh.core.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The views every admitted page hears ({@code ui.view.*}: a page is admitted once it showed the operator token, with
 * its snapshot request), pushed to each bridge socket as the bridge's own {@code rec} frame, encoded once per update and written as the same bytes to every socket. The bridge itself
 * would register a consumer per socket and address and encode each message once per socket: with thousands of
 * pages, that is most of the cost of an update. A page whose socket cannot take more (its write queue full) is
 * disconnected: it reconnects and catches up, instead of showing views with gaps.
 *
 * <p>Every update is numbered ({@code seq}, from 1 in this web UI's {@code epoch}) and the last {@link #RING} are kept:
 * a page that reconnects says the last number it heard and gets exactly the updates it missed, in order
 * ({@link #since}); a page whose number is older than the ring, or of another epoch (a restarted web UI), gets a
 * snapshot instead.
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

    /** The updates kept for pages that reconnect: at a few per second, minutes of them. */
    static final int RING = 2_048;

    /** An update as it went out: its number, its address and its body. */
    record Sent(long seq, String address, JsonObject body) {}

    /** Where the stream stands: this web UI's epoch and the number of its last update. */
    record Position(String epoch, long seq) {}

    private final Set<SockJSSocket> sockets = ConcurrentHashMap.newKeySet();
    private final UiMetrics metrics;
    private final String epoch = UUID.randomUUID().toString();
    private final ArrayDeque<Sent> ring = new ArrayDeque<>();
    private long seq;

    ViewHub(UiMetrics metrics) {
        this.metrics = metrics;
    }

    /** Listens to the views on this node alone: one consumer each, however many pages are open. */
    Future<Void> start(Vertx vertx) {
        return Future.all(VIEWS.stream()
                        .map(address -> vertx.eventBus()
                                .<JsonObject>localConsumer(address, m -> push(address, m.body()))
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

    synchronized Position position() {
        return new Position(epoch, seq);
    }

    /**
     * The updates after {@code after} of {@code since}'s epoch, oldest first; empty when they cannot all be given: another
     * epoch, a number this web UI never reached, or one older than the ring holds.
     */
    synchronized Optional<List<Sent>> since(String since, long after) {
        long oldest = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq();
        if (!epoch.equals(since) || after > seq || after < oldest - 1) {
            return Optional.empty();
        }
        return Optional.of(ring.stream().filter(s -> s.seq() > after).toList());
    }

    /** The bridge's frame for update {@code seq} on {@code address}, as a page's bus client reads it. */
    static Buffer frame(String address, JsonObject body, long seq, String epoch) {
        return Buffer.buffer(new JsonObject()
                .put("type", "rec")
                .put("address", address)
                .put("body", body)
                .put("seq", seq)
                .put("epoch", epoch)
                .encode());
    }

    /** Numbers the update, keeps it, and writes it to every admitted page. */
    synchronized void push(String address, JsonObject body) {
        seq++;
        ring.addLast(new Sent(seq, address, body));
        if (ring.size() > RING) {
            ring.removeFirst();
        }
        Buffer frame = frame(address, body, seq, epoch);
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
