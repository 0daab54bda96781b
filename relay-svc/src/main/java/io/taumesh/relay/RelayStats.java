package io.taumesh.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.contract.WireName;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the relay counts, for its status ({@code tau.relay.status}) and as metrics on its node's {@code /metrics}:
 * {@code tau_relay_connections_total}, {@code tau_relay_frames_total{direction}}, {@code tau_relay_rejected_frames_total{reason}},
 * {@code tau_relay_dropped_frames_total}, {@code tau_relay_slow_client_disconnects_total} and
 * {@code tau_relay_heartbeats_total}. Touched on the relay's event loop only.
 */
final class RelayStats {

    /** Why a client's frame got an error frame back. */
    enum Rejection implements WireName {
        /** Longer than the frame limit. */
        OVERSIZE,
        /** Not a JSON object. */
        NOT_JSON,
        /** A JSON object the protocol does not take: an unknown op, a missing or bad field. */
        INVALID,
        /** A well-formed request the mesh did not answer. */
        UNANSWERED,
        /** A control frame without a secret that signs in, or whose operator's role does not permit the action. */
        REFUSED;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    long frames;
    long rejectedFrames;
    long droppedFrames;
    long disconnectedSlowClients;
    long connections;

    private final Counter connectionsTotal;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter dropped;
    private final Counter slowDisconnects;
    private final Counter heartbeats;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

    RelayStats(MeterRegistry registry) {
        connectionsTotal = Counter.builder("tau_relay_connections")
                .description("Clients that connected to the relay's socket")
                .register(registry);
        framesIn = Counter.builder("tau_relay_frames")
                .description("Frames the relay read from or wrote to its clients")
                .tag("direction", "in")
                .register(registry);
        framesOut = Counter.builder("tau_relay_frames")
                .description("Frames the relay read from or wrote to its clients")
                .tag("direction", "out")
                .register(registry);
        dropped = Counter.builder("tau_relay_dropped_frames")
                .description("Events not written to a client that did not keep up")
                .register(registry);
        slowDisconnects = Counter.builder("tau_relay_slow_client_disconnects")
                .description("Clients disconnected for missing too many events")
                .register(registry);
        heartbeats = Counter.builder("tau_relay_heartbeats")
                .description("Heartbeats the relay published on tau.relay.link")
                .register(registry);
        for (Rejection reason : Rejection.values()) {
            rejected.put(
                    reason,
                    Counter.builder("tau_relay_rejected_frames")
                            .description("Client frames answered with an error frame, by why")
                            .tag("reason", reason.wire())
                            .register(registry));
        }
    }

    void connected() {
        connections++;
        connectionsTotal.increment();
    }

    void frameIn() {
        frames++;
        framesIn.increment();
    }

    void frameOut() {
        framesOut.increment();
    }

    void rejected(Rejection reason) {
        rejectedFrames++;
        rejected.get(reason).increment();
    }

    void dropped() {
        droppedFrames++;
        dropped.increment();
    }

    void slowClientDisconnected() {
        disconnectedSlowClients++;
        slowDisconnects.increment();
    }

    void heartbeat() {
        heartbeats.increment();
    }
}
