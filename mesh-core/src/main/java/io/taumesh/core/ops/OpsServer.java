package io.taumesh.core.ops;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.ClusterView;
import io.taumesh.core.cluster.ClusterMembers;
import io.taumesh.core.metrics.HttpServerMetrics;
import io.taumesh.core.security.InputLimits;
import io.taumesh.core.security.OperatorBook;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ops HTTP endpoint every node serves:
 * {@code /health} (the node answers), {@code /readiness} (cluster safe, services deployed),
 * {@code /metrics} (Prometheus), {@code /cluster} (members), open on the ops interface for probes and scrapers; and,
 * signed in with the node's ops token or a named operator's secret, {@code /mesh/status/<service>} (any service's status, asked over the event bus with the
 * caller's correlation) and the supervisor's questions and commands ({@link OperatorRoutes}).
 */
public final class OpsServer {

    private OpsServer() {}

    public static Future<HttpServer> start(
            OpsSubject node,
            String host,
            int port,
            Supplier<OperatorBook> operators,
            Map<String, Handler<Promise<Status>>> readinessChecks) {
        Vertx vertx = node.vertx();
        Router router = Router.router(vertx);
        router.route().handler(HttpServerMetrics.counting(node.registry(), HttpServerMetrics.Server.OPS));
        router.route().handler(HttpCorrelation.handler());

        router.get("/health")
                .handler(HealthCheckHandler.create(vertx).register("node", promise -> promise.complete(Status.OK())));

        HealthCheckHandler readiness = HealthCheckHandler.create(vertx)
                .register("cluster", lateAnswerTolerant(ClusterHealthCheck.createProcedure(vertx)));
        readinessChecks.forEach((name, check) -> readiness.register(name, lateAnswerTolerant(check)));
        router.get("/readiness").handler(readiness);

        router.get("/metrics").handler(PrometheusScrapingHandler.create(node.registry()));
        router.get("/cluster").handler(ctx -> BusForward.json(ctx, 200, clusterView(node)));
        // Everything under /mesh asks the event bus on the caller's behalf: the mesh's own only.
        router.route("/mesh/*").handler(ctx -> OperatorRoutes.authorized(ctx, operators));
        router.get("/mesh/status/:service").handler(ctx -> meshStatus(vertx, ctx));
        router.get(CREDENTIALS).handler(ctx -> credentials(node, ctx));
        OperatorRoutes.mount(router, vertx);

        return vertx.createHttpServer(InputLimits.httpServer(host, port))
                .requestHandler(router)
                .listen();
    }

    /**
     * A check may answer after the health-check handler gave up waiting for it (a cluster-safety check while
     * members leave): that late answer is dropped here instead of failing with "Promise already completed".
     */
    static Handler<Promise<Status>> lateAnswerTolerant(Handler<Promise<Status>> check) {
        return promise -> {
            Promise<Status> answer = Promise.promise();
            answer.future().onComplete(ar -> {
                if (ar.succeeded()) {
                    promise.tryComplete(ar.result());
                } else {
                    promise.tryFail(ar.cause());
                }
            });
            check.handle(answer);
        };
    }

    /** The members this node sees, and whether it is apart from seed members or split from a member that left. */
    public static ClusterView clusterView(OpsSubject node) {
        Map<String, List<String>> services = servicesByNode(node.servedBy());
        List<ClusterView.Member> members = node.members().list().stream()
                .map(m -> new ClusterView.Member(
                        m.address(),
                        m.uuid(),
                        m.nodeId(),
                        m.local(),
                        m.protocol(),
                        m.nodeId() == null ? List.of() : services.getOrDefault(m.nodeId(), List.of())))
                .toList();
        return ClusterView.of(
                node.clusterName(),
                node.nodeId(),
                node.members().localAddress(),
                members,
                List.copyOf(node.seedsOutside()),
                node.splitFrom().orElse(null));
    }

    /** The services each node hosts: those whose status address it serves, in the mesh's order of services. */
    static Map<String, List<String>> servicesByNode(Map<String, Set<String>> servedBy) {
        Map<String, List<String>> byNode = new HashMap<>();
        for (MeshService service : MeshService.values()) {
            for (String nodeId : servedBy.getOrDefault(Addresses.status(service), Set.of())) {
                byNode.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(service.id());
            }
        }
        return byNode;
    }

    /** Which credentials every member presents and trusts: what a rotation waits on. */
    public static final String CREDENTIALS = "/mesh/credentials";

    private static void credentials(OpsSubject node, RoutingContext ctx) {
        List<ClusterMembers.MemberView> members = node.members().list();
        List<Future<JsonObject>> answers = members.stream()
                .map(m -> m.nodeId() == null
                        ? Future.succeededFuture(
                                new JsonObject().put("member", m.address()).put("error", "not a mesh node"))
                        : node.vertx()
                                .eventBus()
                                .<JsonObject>request(
                                        Addresses.nodeCredentials(m.nodeId()),
                                        new JsonObject(),
                                        new DeliveryOptions().setSendTimeout(BusForward.TIMEOUT_MS))
                                .map(reply -> reply.body())
                                .otherwise(err -> new JsonObject()
                                        .put("node_id", m.nodeId())
                                        .put("member", m.address())
                                        .put("error", String.valueOf(err.getMessage()))))
                .toList();
        Future.join(answers)
                .onComplete(done -> BusForward.json(
                        ctx,
                        200,
                        new JsonObject()
                                .put(
                                        "members",
                                        new JsonArray(answers.stream()
                                                .map(Future::result)
                                                .toList()))));
    }

    private static void meshStatus(Vertx vertx, RoutingContext ctx) {
        String id = ctx.pathParam("service");
        MeshService service = MeshService.byId(id).orElse(null);
        if (service == null) {
            BusForward.json(
                    ctx,
                    404,
                    BusForward.error("unknown service '" + id + "'")
                            .put(
                                    "known_services",
                                    new JsonArray(Arrays.stream(MeshService.values())
                                            .map(MeshService::id)
                                            .toList())));
            return;
        }
        BusForward.forward(vertx, ctx, service.statusAddress(), new JsonObject(), BusForward.TIMEOUT_MS);
    }
}
