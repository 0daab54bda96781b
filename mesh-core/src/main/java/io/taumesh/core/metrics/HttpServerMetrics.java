package io.taumesh.core.metrics;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.contract.WireName;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code tau_http_server_responses_total{server, status_class}}: the responses of one of the mesh's HTTP servers
 * by status class. Vert.x's own {@code vertx_http_server_requests_total} has the status code but sums every server
 * of a node (ops, gateway ingress, web UI) into one series; the 5xx ratio of each server needs them apart.
 */
public final class HttpServerMetrics {

    public static final String RESPONSES = "tau_http_server_responses";

    /** The HTTP servers of the mesh, as the {@code server} label names them. */
    public enum Server implements WireName {
        OPS,
        GATEWAY_INGRESS,
        WEBUI;

        @JsonValue
        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter[] byClass = new Counter[5];

    private HttpServerMetrics(MeterRegistry registry, Server server) {
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = Counter.builder(RESPONSES)
                    .description("HTTP responses of the mesh's servers, by server and status class")
                    .tag("server", server.wire())
                    .tag("status_class", (i + 1) + "xx")
                    .register(registry);
        }
    }

    /**
     * A first route handler that counts each response once it is sent. Every status class has its series from the
     * start, so that a ratio of 5xx to all responses is 0 rather than missing on a server that never failed.
     */
    public static Handler<RoutingContext> counting(MeterRegistry registry, Server server) {
        HttpServerMetrics metrics = new HttpServerMetrics(registry, server);
        return ctx -> {
            // Counted by whether the response went out: a response written after an asynchronous step can see its
            // connection's close reported before its end, yet it reached the client.
            ctx.addEndHandler(ended -> {
                if (ctx.response().ended()) {
                    metrics.count(ctx.response().getStatusCode());
                }
            });
            ctx.next();
        };
    }

    private void count(int status) {
        int index = status / 100 - 1;
        if (index >= 0 && index < byClass.length) {
            byClass[index].increment();
        }
    }
}
