package io.taumesh.core.ops;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.cluster.ClusterMember;
import io.taumesh.core.cluster.ClusterMembers;
import io.taumesh.core.security.InputLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The ops endpoint of a node that is a cluster member but cannot start its services yet (a lite member in a
 * cluster with no data member): {@code /health} answers, {@code /readiness} is 503 and says what the node waits
 * for, {@code /cluster} lists the members it sees, {@code /metrics} counts them. It runs on a Vert.x of its own,
 * since the node's clustered one needs the data member first, and gives its port over to the node's endpoint.
 */
public final class WaitingOps {

    private final Vertx vertx;
    private final HttpServer server;
    private final ClusterMembers members;

    private WaitingOps(Vertx vertx, HttpServer server, ClusterMembers members) {
        this.vertx = vertx;
        this.server = server;
        this.members = members;
    }

    /** Serves on {@code host:port} (0: a free port) until closed; {@code reason} is what readiness reports. */
    public static Future<WaitingOps> open(
            String host, int port, HazelcastInstance hazelcast, String clusterName, String reason) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClusterMembers members = new ClusterMembers(hazelcast, registry);
        OpsSubject subject = new OpsSubject() {
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

            @Override
            public String clusterName() {
                return clusterName;
            }

            @Override
            public String nodeId() {
                return hazelcast.getCluster().getLocalMember().getAttribute(ClusterMember.VERTX_NODE_ID);
            }
        };
        Router router = Router.router(vertx);
        router.get("/health").handler(HealthCheckHandler.create(vertx).register("node", p -> p.complete(Status.OK())));
        router.get("/readiness")
                .handler(HealthCheckHandler.create(vertx)
                        .register("cluster", p -> p.complete(Status.KO(new JsonObject().put("reason", reason)))));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        router.get("/cluster").handler(ctx -> BusForward.json(ctx, 200, OpsServer.clusterView(subject)));
        return vertx.createHttpServer(InputLimits.httpServer(host, port))
                .requestHandler(router)
                .listen()
                .map(server -> new WaitingOps(vertx, server, members))
                .recover(error -> vertx.close().transform(closed -> Future.failedFuture(error)));
    }

    public int port() {
        return server.actualPort();
    }

    /** Stops serving and frees the port for the node's own endpoint. */
    public Future<Void> close() {
        members.stop();
        return vertx.close();
    }
}
