package io.taumesh.core.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.cluster.ClusterMember;
import io.taumesh.core.cluster.MeshProtocol;
import io.taumesh.core.ops.OpsServer;
import io.taumesh.core.ops.WaitingOps;
import io.taumesh.core.security.CredentialsView;
import io.taumesh.core.security.LiveOperators;
import io.taumesh.core.security.OperatorBook;
import io.taumesh.core.security.OperatorsFile;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/** A running node: the clustered Vert.x, the services deployed on it, and its ops endpoint. */
public final class MeshRuntime {

    private final MeshNode node;
    private final NodeSettings settings;
    private final int opsPort;
    private final List<ServiceUnit> units;
    private final List<String> deploymentIds;
    private HttpServer ops;
    private LiveOperators opsOperators;
    private volatile String refusal;

    private static final Logger LOG = Logger.getLogger(MeshRuntime.class.getName());

    private MeshRuntime(
            MeshNode node, NodeSettings settings, int opsPort, List<ServiceUnit> units, List<String> deploymentIds) {
        this.node = node;
        this.settings = settings;
        this.opsPort = opsPort;
        this.units = units;
        this.deploymentIds = deploymentIds;
    }

    /** Starts a node, deploys the services in order, then opens the ops endpoint. A failure undoes what started. */
    public static Future<MeshRuntime> start(NodeSettings settings, List<ServiceUnit> units) {
        return start(settings, units, MeshProtocol.CURRENT);
    }

    /**
     * As above, speaking {@code protocol}. A node the cluster refuses (another protocol version than the cluster's)
     * deploys no service and opens its ops endpoint with a {@code protocol} readiness check that fails with the reason.
     */
    public static Future<MeshRuntime> start(NodeSettings settings, List<ServiceUnit> units, MeshProtocol protocol) {
        return start(settings, units, protocol, new StartControl());
    }

    /** As above, followed by {@code control}: a wait for a full member shows in it, and it can end that wait. */
    public static Future<MeshRuntime> start(
            NodeSettings settings, List<ServiceUnit> units, MeshProtocol protocol, StartControl control) {
        // As in close(): a failed start closes the node, whose event loops would never run a callback chained
        // on them, so the outcome travels through a promise that belongs to no context.
        Promise<MeshRuntime> outcome = Promise.promise();
        AtomicInteger opsPort = new AtomicInteger(settings.opsPort());
        MeshNode.start(
                        settings.cluster(),
                        settings.eventLoops(),
                        protocol,
                        (hazelcast, cluster) -> waitForDataMember(settings, hazelcast, opsPort, control))
                .onComplete(started -> {
                    if (started.failed()) {
                        outcome.fail(started.cause());
                        return;
                    }
                    MeshRuntime runtime = new MeshRuntime(
                            started.result(),
                            settings,
                            opsPort.get(),
                            List.copyOf(units),
                            Collections.synchronizedList(new ArrayList<>()));
                    runtime.refusal = started.result().refusal().orElse(null);
                    if (runtime.refusal != null) {
                        LOG.severe(runtime.refusal);
                    }
                    runtime.serveMembers()
                            .compose(v -> runtime.serveCredentials())
                            .compose(
                                    v -> runtime.refusal == null ? runtime.deployAll() : Future.<Void>succeededFuture())
                            .compose(v -> runtime.openOps())
                            .compose(v -> runtime.announceLocally())
                            .onSuccess(v -> outcome.complete(runtime))
                            .onFailure(err -> runtime.close().onComplete(closed -> outcome.fail(err)));
                });
        return outcome.future();
    }

    /**
     * A lite member in a cluster with no data member (it started before the full members, or apart from them) waits
     * for one, saying so in its log and on a stand-in ops endpoint whose readiness gives the reason; the node's own
     * endpoint takes the same port once it starts.
     */
    private static Future<Void> waitForDataMember(
            NodeSettings settings, HazelcastInstance hazelcast, AtomicInteger opsPort, StartControl control) {
        String clusterName = settings.cluster().clusterName();
        String reason = "waiting for a full member: this lite member's cluster '" + clusterName
                + "' holds no data member yet (start the supervisor, gateway, dashboard or web UI node, or check the seed members)";
        control.waiting(true);
        // The stand-in endpoint's Vert.x is closed before the node goes on: nothing may stay chained on its event loop,
        // so the outcome is handed over on a thread of its own, through a promise that belongs to no context.
        Promise<Void> outcome = Promise.promise();
        WaitingOps.open(settings.opsHost(), settings.opsPort(), hazelcast, clusterName, reason)
                .onComplete(opened -> {
                    if (opened.failed()) {
                        control.waiting(false);
                        handOver(outcome, Future.failedFuture(opened.cause()));
                        return;
                    }
                    WaitingOps waiting = opened.result();
                    opsPort.set(waiting.port());
                    LOG.warning(reason + "; /readiness on port " + waiting.port() + " says so until one joins");
                    CompletableFuture<Member> search = ClusterMember.awaitDataMember(hazelcast);
                    control.abandoned().onFailure(why -> search.completeExceptionally(why));
                    search.whenComplete((member, error) -> {
                        if (error == null) {
                            LOG.info("a full member joined: " + member.getAddress() + "; starting the services");
                        }
                        waiting.close().onComplete(closed -> {
                            control.waiting(false);
                            handOver(outcome, error == null ? Future.succeededFuture() : Future.failedFuture(error));
                        });
                    });
                });
        return outcome.future();
    }

    private static void handOver(Promise<Void> promise, Future<Void> result) {
        Thread thread = new Thread(() -> promise.handle(result), "tau-node-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers the node-local cluster address, so that a service (the web UI) can show the members. */
    private Future<Void> serveMembers() {
        return node.vertx()
                .eventBus()
                .<JsonObject>localConsumer(
                        Addresses.nodeCluster(node.nodeId()), msg -> MeshBus.reply(msg, OpsServer.clusterView(node)))
                .completion();
    }

    /** Answers, to any member, which credentials this node presents and trusts (for a rotation to follow). */
    private Future<Void> serveCredentials() {
        return node.vertx()
                .eventBus()
                .<JsonObject>consumer(
                        Addresses.nodeCredentials(node.nodeId()),
                        msg -> msg.reply(MeshJson.toJson(CredentialsView.of(
                                node.nodeId(),
                                node.members().localAddress(),
                                node.access().credentials().orElse(null)))))
                .completion();
    }

    private Future<Void> deployAll() {
        Future<Void> chain = Future.succeededFuture();
        // Who the node is, and who may sign in at its entrances besides its own tokens.
        JsonObject identity = node.identity().toConfig().mergeIn(OperatorsFile.toConfig(settings.operatorsFile()));
        for (ServiceUnit unit : units) {
            JsonObject config = unit.config().copy().mergeIn(identity);
            chain = chain.compose(v -> node.vertx()
                    .deployVerticle(unit.verticle().get(), new DeploymentOptions().setConfig(config))
                    .recover(err -> Future.failedFuture(new IllegalStateException(
                            unit.service().module() + " failed to start: " + err.getMessage(), err)))
                    .map(id -> {
                        deploymentIds.add(id);
                        return null;
                    }));
        }
        return chain;
    }

    private Future<Void> openOps() {
        Map<String, Handler<Promise<Status>>> checks =
                NodeReadiness.checks(node, () -> Optional.ofNullable(refusal), deploymentIds);
        OperatorBook owner = OperatorBook.of(OperatorBook.OWNER, settings.opsToken());
        return LiveOperators.start(node.vertx(), owner, settings.operatorsFile(), "ops")
                .compose(operators -> {
                    opsOperators = operators;
                    return OpsServer.start(node, settings.opsHost(), opsPort, operators, checks);
                })
                .onSuccess(server -> ops = server)
                .mapEmpty();
    }

    /** Tells commands on this host how to reach the ops endpoint (see {@link NodeDiscovery}), when asked to. */
    private Future<Void> announceLocally() {
        Path dir = settings.discoveryDir();
        if (dir == null) {
            return Future.succeededFuture();
        }
        NodeDiscovery.Entry entry = new NodeDiscovery.Entry(
                NodeDiscovery.SCHEMA_VERSION,
                ProcessHandle.current().pid(),
                Instant.now().toString(),
                node.settings().clusterName(),
                node.nodeId(),
                opsUrl(),
                settings.opsToken(),
                units.stream().map(u -> u.service().id()).toList());
        return node.vertx().executeBlocking(() -> {
            NodeDiscovery.write(dir, entry);
            return null;
        });
    }

    private Future<Void> forgetLocally() {
        Path dir = settings.discoveryDir();
        return dir == null
                ? Future.succeededFuture()
                : node.vertx().executeBlocking(() -> {
                    NodeDiscovery.remove(dir, ProcessHandle.current().pid());
                    return null;
                });
    }

    /** Why the cluster refused this node (no service runs on it), or empty. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    public MeshNode node() {
        return node;
    }

    public List<ServiceUnit> units() {
        return units;
    }

    /** The token this node's ops endpoint asks of a {@code /mesh/*} request (for the one who started it). */
    public String opsToken() {
        return settings.opsToken();
    }

    public String opsUrl() {
        String host = settings.opsHost().equals("0.0.0.0") ? "127.0.0.1" : settings.opsHost();
        return "http://" + host + ":" + ops.actualPort();
    }

    public int opsPort() {
        return ops.actualPort();
    }

    /** How long services get to finish their own shutdown before they are undeployed anyway. */
    static final long SHUTDOWN_REQUEST_TIMEOUT_MS = 60_000;

    /**
     * Withdraws the discovery file, stops the ops endpoint and its watch of the operators file, lets services stop in their own order (a node-local
     * shutdown request), undeploys them in reverse start order, then leaves the cluster.
     */
    public Future<Void> close() {
        Future<Void> chain = forgetLocally().otherwiseEmpty().compose(v -> {
            if (opsOperators != null) {
                opsOperators.stop(); // its watch of the operators file ends with the endpoint it serves
            }
            return ops == null ? Future.succeededFuture() : ops.close().otherwiseEmpty();
        });
        chain = chain.compose(v -> node.vertx()
                .eventBus()
                .request(
                        Addresses.nodeShutdown(node.nodeId()),
                        null,
                        new DeliveryOptions().setLocalOnly(true).setSendTimeout(SHUTDOWN_REQUEST_TIMEOUT_MS))
                .<Void>mapEmpty()
                .otherwiseEmpty());
        List<String> reversed = new ArrayList<>(deploymentIds);
        Collections.reverse(reversed);
        for (String id : reversed) {
            chain = chain.compose(v -> node.vertx().undeploy(id).otherwiseEmpty());
        }
        // The chain above is bound to an event loop that closing Vert.x stops, so the caller must not
        // listen on it: hand the outcome of the close over through a promise that belongs to no context.
        Promise<Void> closed = Promise.promise();
        chain.onComplete(undeployed -> node.close().onComplete(closed));
        return closed.future();
    }
}
