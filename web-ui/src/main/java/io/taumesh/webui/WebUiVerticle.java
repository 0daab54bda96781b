package io.taumesh.webui;

import io.taumesh.core.bus.HttpCorrelation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.metrics.HttpServerMetrics;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.security.InputLimits;
import io.taumesh.core.security.OperatorToken;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Map;

/**
 * The browser dashboard: a static page (no build step, nothing from the network) and the event-bus bridge
 * it talks over. Prints its URL, with the operator token in the fragment so that it never reaches a server log.
 */
public final class WebUiVerticle extends VerticleBase {

    private HttpServer server;
    private UiMetrics metrics;

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
        return operators(settings)
                .compose(book -> {
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

    /** Who may sign in: the operator token, and the named operators of the operators file if one is given (read off the event loop). */
    private Future<OperatorBook> operators(WebUiSettings settings) {
        OperatorToken token = OperatorToken.of(settings.token());
        if (settings.operatorsFile() == null) {
            return Future.succeededFuture(OperatorBook.of(token));
        }
        Path file = Path.of(settings.operatorsFile());
        return vertx.executeBlocking(() -> OperatorBook.load(token, file))
                .onSuccess(book -> System.out.println(
                        "web-ui: " + (book.size() - 1) + " named operator(s) from " + file + " may sign in"));
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
        return server == null ? Future.succeededFuture() : server.close();
    }
}
