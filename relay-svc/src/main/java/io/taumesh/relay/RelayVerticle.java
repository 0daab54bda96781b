package io.taumesh.relay;

import io.micrometer.core.instrument.Tags;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.bus.message.RelayHeartbeat;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.metrics.MeterScope;
import io.taumesh.core.node.ConnectionCloseNoise;
import io.taumesh.core.node.SupervisedBy;
import io.taumesh.core.security.LiveOperators;
import io.taumesh.core.security.OperatorBook;
import io.taumesh.core.security.OperatorsFile;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The IPC relay (runbook 002, P1-003): a Unix domain socket (0600) for local programs, bridged to the event
 * bus, and a heartbeat on {@code tau.relay.link} from which the supervisor derives {@code dashboard_link}.
 */
public final class RelayVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(RelayVerticle.class.getName());

    private final Set<RelaySession> sessions = ConcurrentHashMap.newKeySet();
    private RelayStats stats;
    private MeterScope gauges;
    private RelaySettings settings;
    private NetServer server;
    private long heartbeat = -1;
    private LiveOperators operators;

    @Override
    public Future<?> start() {
        settings = RelaySettings.fromConfig(config());
        NodeIdentity node = NodeIdentity.fromConfig(config());
        stats = new RelayStats(MeshMetrics.of(vertx));
        gauges = new MeterScope(MeshMetrics.of(vertx));
        gauges.gauge("tau_relay_clients", "Clients connected to the relay's socket", Tags.empty(), sessions::size);
        Path path = settings.path();
        return LiveOperators.start(vertx, OperatorBook.none(), OperatorsFile.fromConfig(config()), "relay")
                .compose(live -> {
                    operators = live;
                    // The forwards are registered across the cluster before the socket takes a client: a client's
                    // snapshot is then followed by every event published after it. Opened first, the socket let a
                    // client snapshot while the publishers did not know this relay yet, and the events of that
                    // moment never reached it (nor any later snapshot it had no reason to ask for).
                    return Future.all(
                            forward(Addresses.DASHBOARD_WIDGETS, "widgets"),
                            forward(Addresses.GATEWAY_EVENTS, "events"),
                            forward(Addresses.DASHBOARD_EVENTS, "events"),
                            forward(Addresses.SUPERVISOR_EVENTS, "supervisor"));
                })
                .compose(forwarding -> vertx.executeBlocking(() -> {
                    SocketPath.claim(path);
                    return SocketPath.privateDir(path);
                }))
                .compose(dir -> {
                    Path bound = dir.resolve("relay.sock");
                    server = vertx.createNetServer().connectHandler(socket -> {
                        stats.connected();
                        RelaySession session = new RelaySession(vertx, socket, settings, stats, operators);
                        sessions.add(session);
                        socket.closeHandler(v -> sessions.remove(session));
                        socket.exceptionHandler(err -> {
                            // A client that hangs up mid-write is normal; anything else is worth a line, not a stack
                            // trace.
                            if (!ConnectionCloseNoise.isClientDisconnect(err)) {
                                LOG.warning(() -> "relay client error: " + err);
                            }
                        });
                    });
                    return server.listen(SocketAddress.domainSocketAddress(bound.toString()))
                            .compose(s -> vertx.executeBlocking(() -> {
                                SocketPath.publish(bound, path);
                                return null;
                            }));
                })
                .compose(v -> {
                    heartbeat = vertx.setPeriodic(1, settings.heartbeatMs(), id -> beat(node));
                    LOG.info(() -> "relay listening on " + path + " (0600)");
                    return StatusEndpoint.serve(vertx, MeshService.RELAY, node, "running", this::detail);
                });
    }

    /** Forwards what is published on {@code address} to the clients of {@code topic}; done once registered. */
    private Future<Void> forward(String address, String topic) {
        return vertx.eventBus()
                .<JsonObject>consumer(address, msg -> {
                    for (RelaySession session : sessions) {
                        if (session.subscribed(topic)) {
                            session.event(topic, msg.body());
                        }
                    }
                })
                .completion();
    }

    private void beat(NodeIdentity node) {
        // Started by a supervisor: say whose, so that no other supervisor takes this relay for its own.
        JsonObject beat = MeshJson.toJson(RelayHeartbeat.of(
                node.nodeId(),
                ProcessHandle.current().pid(),
                settings.path().toString(),
                sessions.size(),
                Instant.now().toString(),
                SupervisedBy.supervisorNode().orElse(null)));
        vertx.eventBus().publish(Addresses.RELAY_LINK, beat);
        stats.heartbeat();
        for (RelaySession session : sessions) {
            if (session.subscribed("link")) {
                session.event("link", beat);
            }
        }
    }

    /** The relay's own fields of its {@code tau.relay.status}: its socket, its clients and what it counted. */
    record Detail(
            String path,
            int clients,
            long connections,
            long frames,
            long rejectedFrames,
            long droppedFrames,
            long disconnectedSlowClients,
            long pid) {}

    private Map<String, Object> detail() {
        return MeshJson.toJson(new Detail(
                        settings.path().toString(),
                        sessions.size(),
                        stats.connections,
                        stats.frames,
                        stats.rejectedFrames,
                        stats.droppedFrames,
                        stats.disconnectedSlowClients,
                        ProcessHandle.current().pid()))
                .getMap();
    }

    @Override
    public Future<?> stop() {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
        if (gauges != null) {
            gauges.close();
        }
        if (operators != null) {
            operators.stop();
        }
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.compose(v -> vertx.executeBlocking(() -> Files.deleteIfExists(settings.path())));
    }
}
