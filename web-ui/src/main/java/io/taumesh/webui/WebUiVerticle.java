package io.taumesh.webui;

import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.metrics.HttpServerMetrics;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.security.InputLimits;
import io.taumesh.core.security.LiveOperators;
import io.taumesh.core.security.OperatorBook;
import io.taumesh.core.security.OperatorsFile;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;

/**
 * The browser dashboard: a static page (no build step, nothing from the network) and the event-bus bridge
 * it talks over. Prints its URL, with the operator token in the fragment so that it never reaches a server log.
 */
public final class WebUiVerticle extends VerticleBase {

    private HttpServer server;
    private UiMetrics metrics;
    private LiveOperators operators;

    @Override
    public Future<?> start() {
        WebUiSettings settings = WebUiSettings.fromConfig(config());
        NodeIdentity node = NodeIdentity.fromConfig(config());
        int[] port = {settings.port()};
        metrics = new UiMetrics(MeshMetrics.of(vertx));
        Router router = Router.router(vertx);
        router.route().handler(HttpServerMetrics.counting(MeshMetrics.of(vertx), HttpServerMetrics.Server.WEBUI));
        router.route().handler(HttpCorrelation.handler());
        ViewHub views = new ViewHub(metrics);
        UiFeeds feeds = new UiFeeds(vertx, node, metrics, views);
        return LiveOperators.start(
                        vertx,
                        OperatorBook.of(OperatorBook.TOKEN_OPERATOR, settings.token()),
                        OperatorsFile.fromConfig(config()),
                        "web-ui")
                .compose(book -> {
                    operators = book;
                    router.route("/eventbus/*")
                            .handler(UiBridge.sameOrigin(settings.host(), port, settings.allowedOrigins(), metrics))
                            .subRouter(UiBridge.router(vertx, book, metrics, views));
                    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
                    return feeds.start();
                })
                .compose(v -> views.start(vertx))
                .compose(v -> vertx.createHttpServer(InputLimits.httpServer(settings.host(), settings.port()))
                        .requestHandler(router)
                        .listen())
                .compose(s -> {
                    server = s;
                    port[0] = s.actualPort();
                    String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
                    System.out.println(
                            "web-ui: dashboard http://" + host + ":" + s.actualPort() + "/#token=" + settings.token());
                    System.out.flush();
                    return StatusEndpoint.serve(
                            vertx,
                            MeshService.WEB_UI,
                            node,
                            "running",
                            () -> Map.of("url", "http://" + host + ":" + port[0] + "/"));
                });
    }

    /** The port the dashboard listens on, once started. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> stop() {
        if (metrics != null) {
            metrics.close();
        }
        if (operators != null) {
            operators.stop();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
