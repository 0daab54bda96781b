package io.taumesh.supervisor;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.CorrelationContext;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.SingletonClaim;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.bus.message.RelayHeartbeat;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ConnectionCloseNoise;
import io.taumesh.core.runner.control.AuditTrail;
import io.taumesh.core.security.OperatorsFile;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import io.taumesh.supervisor.heartbeat.HeartbeatVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The supervisor service: runs the supervision tree of its config and answers {@code tau.supervisor.state},
 * {@code .health} and {@code .command}; publishes child lifecycle events on {@code .events}; takes the relay's
 * heartbeats on {@code tau.relay.link}. Configured by {@link SupervisorSettings}; with a {@link HeartbeatSettings
 * heartbeat} in its config (the mesh's {@code --runtime-heartbeat-*} flags), it runs the runtime heartbeat beside
 * its tree, started after the children and stopped before them.
 */
public final class SupervisorVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(SupervisorVerticle.class.getName());

    private SingletonClaim claim;
    private Supervisor supervisor;
    private CommandLedger commands;
    /** Restarts, quarantines and member changes kept for the page's history axis. */
    private MarkerLog markers;

    private String heartbeatDeployment;
    private final Set<String> foreignRelays = new HashSet<>();

    /** An error no handler caught goes to the child whose deployment it came from (or the supervisor's log). */
    private void reportUncaughtErrors() {
        Context own = context;
        vertx.exceptionHandler(error -> {
            if (ConnectionCloseNoise.isNoise(error)) {
                return; // a closing connection's noise, not a child's failure
            }
            Context where = Vertx.currentContext();
            String deployment = where == null ? null : where.deploymentID();
            own.runOnContext(v -> supervisor.uncaught(deployment, error));
        });
    }

    /** The supervisor's addresses: state, health, commands, the relay's link, the node's stop, its status. */
    private Future<?> serve(NodeIdentity node) {
        Future<Void> state = vertx.eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_STATE, msg -> MeshBus.reply(msg, supervisor.state()))
                .completion();
        Future<Void> health = vertx.eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_HEALTH, msg -> MeshBus.reply(msg, supervisor.health()))
                .completion();
        Future<Void> command = vertx.eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_COMMAND, this::command)
                .completion();
        Future<Void> link = vertx.eventBus()
                .<JsonObject>consumer(Addresses.RELAY_LINK, msg -> relayHeartbeat(node, msg.body()))
                .completion();
        // The node asks before it undeploys anything: the children stop in reverse start order, with their timeouts.
        Future<Void> nodeStopping = vertx.eventBus()
                .localConsumer(
                        Addresses.nodeShutdown(node.nodeId()),
                        msg -> stopHeartbeat().eventually(supervisor::shutdown).onComplete(done -> msg.reply(null)))
                .completion();
        Future<Void> status = StatusEndpoint.serve(
                vertx,
                MeshService.SUPERVISOR,
                node,
                "running",
                () -> MeshJson.toJson(supervisor.health()).getMap());
        return Future.all(List.of(
                state,
                health,
                command,
                link,
                nodeStopping,
                status,
                commands.trail().serve(),
                markers.start(node)));
    }

    private void command(Message<JsonObject> msg) {
        Correlation correlation = Correlation.from(msg.headers());
        String origin = ActionOrigin.of(msg.headers());
        CorrelationContext.bind(correlation);
        commands.apply(msg.body(), supervisor::command, origin, correlation)
                .onSuccess(result -> CorrelationContext.runWith(correlation, () -> {
                    // One line per command, with the caller's request id in a JSON log; the trail is audit.jsonl.
                    LOG.info(() -> "supervisor command " + result.command()
                            + (result.childId() == null ? "" : " " + result.childId()) + ": "
                            + result.result().wire() + (result.duplicate() ? ", a duplicate" : "") + " ("
                            + result.reason() + ") from " + origin);
                    MeshBus.reply(msg, result);
                }));
    }

    @Override
    public Future<?> start() {
        SupervisorSettings settings = SupervisorSettings.fromConfig(config());
        NodeIdentity node = NodeIdentity.fromConfig(config());
        return SingletonClaim.claim(vertx, MeshService.SUPERVISOR, node)
                .compose(claimed -> {
                    claim = claimed;
                    return AuditTrail.open(vertx, settings.stateDir(), MeshService.SUPERVISOR, node.nodeId());
                })
                .compose(trail -> {
                    commands = new CommandLedger(trail);
                    return MarkerLog.open(vertx, settings.stateDir());
                })
                .compose(opened -> {
                    markers = opened;
                    return vertx.executeBlocking(settings::load);
                })
                .compose(parsed -> {
                    // Its verticle children hear who they run on, and who may sign in at their entrances (the web
                    // UI's page), as the node's own services do.
                    JsonObject childNode =
                            node.toConfig().mergeIn(OperatorsFile.toConfig(OperatorsFile.fromConfig(config())));
                    supervisor = new Supervisor(vertx, context, parsed, childNode);
                    reportUncaughtErrors();
                    return serve(node)
                            .compose(v -> supervisor.start())
                            .compose(v -> startHeartbeat(HeartbeatSettings.fromConfig(config())));
                })
                .recover(err -> stop().transform(stopped -> Future.failedFuture(err)));
    }

    private Future<Void> startHeartbeat(HeartbeatSettings heartbeat) {
        if (heartbeat == null || !heartbeat.enabled()) {
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(new HeartbeatVerticle(), new DeploymentOptions().setConfig(heartbeat.toConfig()))
                .onSuccess(id -> heartbeatDeployment = id)
                .mapEmpty();
    }

    /** The heartbeat goes first: it must not take the children's planned stop for runners that are stuck. */
    private Future<Void> stopHeartbeat() {
        String id = heartbeatDeployment;
        heartbeatDeployment = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id).otherwiseEmpty();
    }

    /**
     * A relay's heartbeat links it, unless another supervisor started it (it names that supervisor's node): a relay
     * left running by a mesh that died is not this supervisor's link, whatever it publishes.
     */
    private void relayHeartbeat(NodeIdentity node, JsonObject body) {
        RelayHeartbeat beat;
        try {
            beat = MeshJson.fromJson(body, RelayHeartbeat.class);
        } catch (FieldError e) {
            LOG.warning(() -> "ignoring a relay heartbeat it cannot read: " + e.asFieldPath());
            return;
        }
        if (beat.countsFor(node.nodeId())) {
            supervisor.linkHeartbeat();
            return;
        }
        if (foreignRelays.add(beat.nodeId())) {
            LOG.warning(() -> "ignoring the heartbeats of relay node " + beat.nodeId() + " (pid " + beat.pid()
                    + "): it was started by supervisor node " + beat.supervisorNode() + ", not by this one ("
                    + node.nodeId() + ")");
        }
    }

    @Override
    public Future<?> stop() {
        if (markers != null) {
            markers.stop();
        }
        Future<Void> stopped = supervisor == null
                ? stopHeartbeat()
                : stopHeartbeat().eventually(supervisor::shutdown).eventually(() -> {
                    supervisor.closeMetrics();
                    return Future.succeededFuture();
                });
        return stopped.eventually(() -> claim == null ? Future.succeededFuture() : claim.release());
    }
}
