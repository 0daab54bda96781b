package io.taumesh.relay;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.RefusedActions;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.security.OperatorBook;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One local client on the relay's socket: newline-delimited JSON in both directions (docs/ipc.md). Bad
 * frames get an error frame and the connection goes on. Events for a client that does not keep up are
 * dropped (counted), or the client is disconnected, by policy; the relay itself never waits for a client.
 */
final class RelaySession {

    static final Set<String> TOPICS = Set.of("widgets", "events", "supervisor", "link");
    static final Map<String, String> SNAPSHOTS = Map.of(
            "supervisor_state", Addresses.SUPERVISOR_STATE,
            "supervisor_health", Addresses.SUPERVISOR_HEALTH,
            "gateway_status", Addresses.GATEWAY_STATUS,
            "dashboard_status", Addresses.DASHBOARD_STATUS,
            "widgets", Addresses.DASHBOARD_VIEWS);
    static final long REQUEST_TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final NetSocket socket;
    private final RelaySettings settings;
    private final RelayStats stats;
    private final Supplier<OperatorBook> operators;
    private final Set<String> topics = new HashSet<>();
    private long dropped;

    RelaySession(
            Vertx vertx, NetSocket socket, RelaySettings settings, RelayStats stats, Supplier<OperatorBook> operators) {
        this.vertx = vertx;
        this.operators = operators;
        this.socket = socket;
        this.settings = settings;
        this.stats = stats;
        LineFramer framer = new LineFramer(settings.maxFrameBytes(), this::frame, () -> {
            stats.rejected(RelayStats.Rejection.OVERSIZE);
            send(new RelayFrames.Unreadable("frame over " + settings.maxFrameBytes() + " bytes: dropped"));
        });
        socket.handler(framer::feed);
    }

    boolean subscribed(String topic) {
        return topics.contains(topic);
    }

    /** An event for this client; dropped when the client is not keeping up. */
    void event(String topic, JsonObject body) {
        if (socket.writeQueueFull()) {
            dropped++;
            stats.dropped();
            if (settings.disconnectSlowClients() && dropped >= settings.slowClientDropLimit()) {
                stats.slowClientDisconnected();
                socket.close();
            }
            return;
        }
        send(new RelayFrames.Event(topic, body));
    }

    private void frame(Buffer raw) {
        if (raw.length() == 0) {
            return;
        }
        stats.frameIn();
        JsonObject frame;
        try {
            frame = raw.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            stats.rejected(RelayStats.Rejection.NOT_JSON);
            send(new RelayFrames.Unreadable("frame is not a JSON object"));
            return;
        }
        String id = frame.getValue("id") instanceof String s ? s : null;
        Object op = frame.getValue("op");
        switch (op instanceof String s ? s : "") {
            case "ping" -> send(new RelayFrames.Pong(id));
            case "subscribe" -> subscribe(frame, id);
            case "snapshot" -> snapshot(frame, id);
            case "control" -> control(frame, id);
            default ->
                error(id, "op", "must be one of ping, subscribe, snapshot, control, got " + FieldError.shown(op));
        }
    }

    private void subscribe(JsonObject frame, String id) {
        if (!(frame.getValue("topics") instanceof JsonArray wanted)
                || wanted.isEmpty()
                || !wanted.stream().allMatch(t -> t instanceof String s && TOPICS.contains(s))) {
            error(id, "topics", "must be a non-empty array of " + String.join(", ", new TreeSet<>(TOPICS)));
            return;
        }
        wanted.forEach(t -> topics.add((String) t));
        send(new RelayFrames.Subscribed(id, List.copyOf(topics)));
    }

    private void snapshot(JsonObject frame, String id) {
        String address = SNAPSHOTS.get(frame.getString("what", ""));
        if (address == null) {
            error(id, "what", "must be one of " + String.join(", ", new TreeSet<>(SNAPSHOTS.keySet())));
            return;
        }
        MeshBus.request(vertx, address, new JsonObject(), Correlation.fresh(), REQUEST_TIMEOUT_MS)
                .onSuccess(reply -> send(new RelayFrames.Snapshot(id, frame.getString("what"), reply.body())))
                .onFailure(err -> error(id, null, address + ": " + err.getMessage()));
    }

    private void control(JsonObject frame, String id) {
        if (!(frame.getValue("action") instanceof JsonObject action)) {
            error(id, "action", "must be an object (a control action, as tau.dashboard.control takes)");
            return;
        }
        String name = action.getValue("action") instanceof String n ? n : null;
        Correlation correlation = Correlation.fresh();
        RelayOperators.Verdict verdict =
                RelayOperators.judge(operators.get(), frame.getValue("secret"), name, Instant.now());
        if (verdict.refusal() != null) {
            stats.rejected(RelayStats.Rejection.REFUSED);
            RefusedActions.report(
                    vertx,
                    MeshService.DASHBOARD,
                    AuditEntry.Action.sent(action),
                    verdict.refusal(),
                    RelayOperators.ORIGIN,
                    correlation);
            send(new RelayFrames.Error(id, "secret", verdict.refusal()));
            return;
        }
        MeshBus.request(vertx, Addresses.DASHBOARD_CONTROL, action, correlation, REQUEST_TIMEOUT_MS, verdict.origin())
                .onSuccess(reply -> send(new RelayFrames.ControlResult(id, reply.body())))
                .onFailure(err -> error(id, null, Addresses.DASHBOARD_CONTROL + ": " + err.getMessage()));
    }

    private void error(String id, String field, String message) {
        stats.rejected(field == null ? RelayStats.Rejection.UNANSWERED : RelayStats.Rejection.INVALID);
        send(new RelayFrames.Error(id, field, message));
    }

    private void send(Record frame) {
        stats.frameOut();
        socket.write(MeshJson.toJsonString(frame) + "\n");
    }
}
