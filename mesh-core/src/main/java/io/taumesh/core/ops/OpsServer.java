package io.taumesh.core.ops;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.metrics.HttpServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
 * {@code /mesh/status/<service>} (any service's status, asked over the event bus with the caller's correlation).
 */
public final class OpsServer {

  static final long STATUS_TIMEOUT_MS = 5_000;

  private OpsServer() {
  }

  public static Future<HttpServer> start(OpsSubject node, String host, int port,
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
    router.get("/cluster").handler(ctx -> json(ctx, 200, clusterView(node)));
    router.get("/mesh/status/:service").handler(ctx -> meshStatus(vertx, ctx));

    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
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

  private static JsonObject clusterView(OpsSubject node) {
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
        .put("members", members);
  }

  private static void meshStatus(Vertx vertx, RoutingContext ctx) {
    String id = ctx.pathParam("service");
    Correlation correlation = HttpCorrelation.of(ctx);
    MeshService service = MeshService.byId(id).orElse(null);
    if (service == null) {
      json(ctx, 404, error("unknown service '" + id + "'").put("known_services",
          new JsonArray(Arrays.stream(MeshService.values()).map(MeshService::id).toList())));
      return;
    }
    MeshBus.request(vertx, service.statusAddress(), new JsonObject(), correlation, STATUS_TIMEOUT_MS)
        .onSuccess(reply -> {
          // The reply's own headers, not the request's: the caller sees what the far side carried back.
          ctx.response().headers().remove(Correlation.REQUEST_ID).remove(Correlation.TRACEPARENT);
          reply.headers().forEach(h -> {
            if (h.getKey().equals(Correlation.REQUEST_ID) || h.getKey().equals(Correlation.TRACEPARENT)) {
              ctx.response().headers().set(h.getKey(), h.getValue());
            }
          });
          json(ctx, 200, reply.body());
        })
        .onFailure(err -> {
          if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            json(ctx, 503, error("no member of the cluster serves " + service.statusAddress()));
          } else if (err instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            json(ctx, 504, error(service.statusAddress() + " did not answer within " + STATUS_TIMEOUT_MS + " ms"));
          } else {
            json(ctx, 502, error(service.statusAddress() + " failed: " + err.getMessage()));
          }
        });
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
