package io.taumesh.core.ops;

import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.metrics.HttpServerMetrics;
import io.taumesh.core.security.InputLimits;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import java.util.Arrays;
import java.util.Map;

/**
 * The ops HTTP endpoint every node serves:
 * {@code /health} (the node answers), {@code /readiness} (cluster safe, services deployed),
 * {@code /metrics} (Prometheus), {@code /cluster} (members) and
 * {@code /mesh/status/<service>} (any service's status, asked over the event bus with the caller's correlation),
 * and the supervisor's questions and commands ({@link OperatorRoutes}).
 */
public final class OpsServer {

  private OpsServer() {
  }

  public static Future<HttpServer> start(OpsSubject node, String host, int port, String opsToken,
      Map<String, Handler<Promise<Status>>> readinessChecks) {
    Vertx vertx = node.vertx();
    Router router = Router.router(vertx);
    router.route().handler(HttpServerMetrics.counting(node.registry(), HttpServerMetrics.Server.OPS));
    router.route().handler(HttpCorrelation.handler());

    router.get("/health").handler(HealthCheckHandler.create(vertx)
        .register("node", promise -> promise.complete(Status.OK())));

    HealthCheckHandler readiness = HealthCheckHandler.create(vertx)
        .register("cluster", lateAnswerTolerant(ClusterHealthCheck.createProcedure(vertx)));
    readinessChecks.forEach((name, check) -> readiness.register(name, lateAnswerTolerant(check)));
    router.get("/readiness").handler(readiness);

    router.get("/metrics").handler(PrometheusScrapingHandler.create(node.registry()));
    router.get("/cluster").handler(ctx -> BusForward.json(ctx, 200, clusterView(node)));
    router.get("/mesh/status/:service").handler(ctx -> meshStatus(vertx, ctx));
    OperatorRoutes.mount(router, vertx, opsToken);

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
  public static JsonObject clusterView(OpsSubject node) {
    JsonArray members = new JsonArray();
    node.members().list().forEach(m -> members.add(new JsonObject()
        .put("address", m.address()).put("uuid", m.uuid()).put("node_id", m.nodeId()).put("local", m.local())
        .put("protocol", m.protocol())));
    return new JsonObject()
        .put("schema_version", 1)
        .put("cluster_name", node.clusterName())
        .put("node_id", node.nodeId())
        .put("local_member", node.members().localAddress())
        .put("member_count", members.size())
        .put("members", members)
        .put("seeds_outside", new JsonArray(node.seedsOutside()))
        .put("split_from", node.splitFrom().orElse(null));
  }

  private static void meshStatus(Vertx vertx, RoutingContext ctx) {
    String id = ctx.pathParam("service");
    MeshService service = MeshService.byId(id).orElse(null);
    if (service == null) {
      BusForward.json(ctx, 404, BusForward.error("unknown service '" + id + "'").put("known_services",
          new JsonArray(Arrays.stream(MeshService.values()).map(MeshService::id).toList())));
      return;
    }
    BusForward.forward(vertx, ctx, service.statusAddress(), new JsonObject(), BusForward.TIMEOUT_MS);
  }
}
