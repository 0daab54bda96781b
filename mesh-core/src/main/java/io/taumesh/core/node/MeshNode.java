package io.taumesh.core.node;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.bus.FailFastRequests;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.cluster.ClusterMember;
import io.taumesh.core.cluster.ClusterMembers;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.HazelcastConfigFactory;
import io.taumesh.core.cluster.MeshAccess;
import io.taumesh.core.cluster.MeshProtocol;
import io.taumesh.core.cluster.RegistrationAudit;
import io.taumesh.core.cluster.Seeds;
import io.taumesh.core.cluster.SplitWatch;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.ops.OpsSubject;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A clustered Vert.x instance of the mesh, with its metrics registry and its view of the members. */
public final class MeshNode implements OpsSubject {

    private final Vertx vertx;
    private final HazelcastClusterManager clusterManager;
    private final PrometheusMeterRegistry registry;
    private final ClusterMembers members;
    private final ClusterSettings settings;
    private final SplitWatch splitWatch;
    private final RegistrationAudit registrationAudit;
    private final long healthTimer;
    private final MeshProtocol protocol;
    private final MeshAccess access;

    private MeshNode(
            Vertx vertx,
            HazelcastClusterManager clusterManager,
            PrometheusMeterRegistry registry,
            ClusterSettings settings,
            MeshProtocol protocol,
            MeshAccess access) {
        this.vertx = vertx;
        this.access = access;
        this.protocol = protocol;
        this.clusterManager = clusterManager;
        this.registry = registry;
        this.settings = settings;
        this.members = new ClusterMembers(clusterManager.getHazelcastInstance(), registry);
        this.members.start();
        this.splitWatch = new SplitWatch(clusterManager.getHazelcastInstance(), registry, Seeds.of(settings));
        this.members.follow(splitWatch);
        this.registrationAudit = new RegistrationAudit(clusterManager.getHazelcastInstance(), registry);
        ClusterDecisions.publish(vertx, clusterManager.getNodeId(), registrationAudit, members);
        FailFastRequests requests = FailFastRequests.bind(vertx, clusterManager);
        this.members.onLeft(requests::memberLeft);
        // Every second, off the event loop: is this node split from a member that answers, are registrations stale, did
        // the mesh's credentials change (a rotation).
        this.healthTimer = vertx.setPeriodic(
                CLUSTER_AUDIT_MS,
                id -> vertx.executeBlocking(
                        () -> {
                            access.refresh(vertx, clusterManager.getHazelcastInstance(), settings.clusterName());
                            splitWatch.probe();
                            int stale = registrationAudit.audit();
                            requests.observe(registrationAudit.servedBy());
                            return stale;
                        },
                        false));
        // The services this node hosts record their domain metrics here, next to the node's own.
        MeshMetrics.bind(vertx, registry);
    }

    /**
     * One event loop per node by default: the mesh carries small control messages, and with a single loop
     * a request and its reply never hop between threads, which halves event-bus latency on a small machine
     * (bench/REPORT.md). Blocking work goes to the worker pool whatever the count.
     */
    public static final int DEFAULT_EVENT_LOOPS = 1;

    /**
     * Netty's epoll transport where it loads (Linux x86_64), NIO elsewhere; {@code TAU_NATIVE_TRANSPORT=false}
     * turns it off (bench/REPORT.md, transport, measures both).
     */
    static final boolean NATIVE_TRANSPORT =
            !"false".equalsIgnoreCase(System.getenv().getOrDefault("TAU_NATIVE_TRANSPORT", "true"));

    /** How often a node checks whether it is split off and audits the cluster's registrations. */
    static final long CLUSTER_AUDIT_MS = 1_000;

    /** Whether this node is alone while a member that left answers on its address (see {@link SplitWatch}). */
    public SplitWatch splitWatch() {
        return splitWatch;
    }

    public RegistrationAudit registrationAudit() {
        return registrationAudit;
    }

    @Override
    public Map<String, Set<String>> servedBy() {
        return registrationAudit.servedBy();
    }

    /** Whether this node's Vert.x runs on the native transport. */
    public boolean nativeTransport() {
        return vertx.isNativeTransportEnabled();
    }

    /** Joins (or founds) the cluster with the default event loops. */
    public static Future<MeshNode> start(ClusterSettings settings) {
        return start(settings, DEFAULT_EVENT_LOOPS);
    }

    /** Joins (or founds) the cluster; completes once this node is a member and its event bus listens. */
    public static Future<MeshNode> start(ClusterSettings settings, int eventLoops) {
        return start(settings, eventLoops, MeshProtocol.CURRENT);
    }

    /** As above, speaking {@code protocol} (a test stands in for a node of another version with it). */
    public static Future<MeshNode> start(ClusterSettings settings, int eventLoops, MeshProtocol protocol) {
        return start(settings, eventLoops, protocol, DataMemberWait.REFUSE);
    }

    /**
     * Joins (or founds) the cluster, then builds Vert.x on the member. A lite member that finds no data member in the
     * cluster it joined does what {@code noDataMember} says first; a failure leaves the cluster again.
     */
    public static Future<MeshNode> start(
            ClusterSettings settings, int eventLoops, MeshProtocol protocol, DataMemberWait noDataMember) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("event loops must be at least 1, got " + eventLoops);
        }
        MeshAccess access;
        try {
            access = MeshAccess.load(settings);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (!settings.liteMember()) {
            // A full member holds data whatever it finds: Vert.x starts the member itself, while it sets up the rest.
            return buildVertx(
                    new HazelcastClusterManager(HazelcastConfigFactory.create(settings, protocol, access)),
                    settings,
                    eventLoops,
                    protocol,
                    access);
        }
        // A lite member joins first, to look at the cluster before Vert.x needs a data member. The outcome belongs to
        // no context: the member joins on a thread of its own, before any Vert.x exists.
        Promise<MeshNode> outcome = Promise.promise();
        ClusterMember.start(HazelcastConfigFactory.create(settings, protocol, access))
                .whenComplete((hazelcast, joinError) -> {
                    if (joinError != null) {
                        outcome.fail(joinError);
                        return;
                    }
                    Future<Void> dataHeld = ClusterMember.dataMember(hazelcast).isEmpty()
                            ? noDataMember.await(hazelcast, settings)
                            : Future.succeededFuture();
                    dataHeld.compose(v -> buildVertx(
                                    new HazelcastClusterManager(hazelcast), settings, eventLoops, protocol, access))
                            .onComplete(built -> {
                                if (built.failed()) {
                                    leaveQuietly(hazelcast);
                                }
                                outcome.handle(built);
                            });
                });
        return outcome.future();
    }

    private static Future<MeshNode> buildVertx(
            HazelcastClusterManager clusterManager,
            ClusterSettings settings,
            int eventLoops,
            MeshProtocol protocol,
            MeshAccess access) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                // One registry per node, so that two nodes in one JVM (tests) never share meters.
                .setRegistryName("tau-node-" + Integer.toHexString(System.identityHashCode(registry)));
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setPreferNativeTransport(NATIVE_TRANSPORT)
                .setMetricsOptions(metrics)
                .setEventBusOptions(access.applyTo(
                        new EventBusOptions()
                                .setHost(settings.hostAddress())
                                .setPort(settings.eventBusPort())
                                .setClusterPublicHost(settings.hostAddress()),
                        settings.tls()));
        return Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory(registry))
                .withClusterManager(clusterManager)
                .buildClustered()
                .map(vertx -> new MeshNode(vertx, clusterManager, registry, settings, protocol, access));
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public ClusterMembers members() {
        return members;
    }

    /** Why this node may not take part in its cluster (another protocol version than the cluster's), if so. */
    public Optional<String> refusal() {
        return MeshProtocol.refusal(clusterManager.getHazelcastInstance(), protocol);
    }

    @Override
    public List<String> seedsOutside() {
        return splitWatch.apart();
    }

    @Override
    public Optional<String> splitFrom() {
        return splitWatch.split().map(SplitWatch.Departure::address);
    }

    /** What this node joins with and its event bus presents and trusts. */
    public MeshAccess access() {
        return access;
    }

    public MeshProtocol protocol() {
        return protocol;
    }

    public ClusterSettings settings() {
        return settings;
    }

    @Override
    public String clusterName() {
        return settings.clusterName();
    }

    @Override
    public String nodeId() {
        return clusterManager.getNodeId();
    }

    public NodeIdentity identity() {
        return new NodeIdentity(nodeId(), members.localAddress(), settings.clusterName());
    }

    /** Leaves the cluster and releases every thread and port of this node. */
    public Future<Void> close() {
        vertx.cancelTimer(healthTimer);
        members.stop();
        HazelcastInstance hazelcast = clusterManager.getHazelcastInstance();
        // Vert.x leaves a member it was given running (a lite member's): this node started it, so this node ends it,
        // once Vert.x is closed. A member Vert.x started itself is already gone by then.
        Promise<Void> closed = Promise.promise();
        vertx.close().onComplete(done -> {
            MeshMetrics.unbind(vertx);
            FailFastRequests.unbind(vertx);
            registry.close();
            CompletableFuture.runAsync(() -> ClusterMember.shutdown(hazelcast), MeshNode::runOnNewThread)
                    .whenComplete((v, error) -> closed.handle(done));
        });
        return closed.future();
    }

    private static void leaveQuietly(HazelcastInstance hazelcast) {
        runOnNewThread(() -> ClusterMember.shutdown(hazelcast));
    }

    /** Leaving blocks, and must not run on a thread of the Vert.x being closed, nor on one of Hazelcast's. */
    private static void runOnNewThread(Runnable task) {
        Thread thread = new Thread(task, "tau-cluster-leave");
        thread.setDaemon(true);
        thread.start();
    }
}
