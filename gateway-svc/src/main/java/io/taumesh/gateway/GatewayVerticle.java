package io.taumesh.gateway;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.SingletonClaim;
import io.taumesh.core.node.RunnerService;
import io.taumesh.core.runner.control.RunnerEndpoints;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.logging.Logger;

/**
 * The gateway service: runs the gateway contract runner on its fixtures every cycle interval, serves its
 * status, events and control on the event bus, and is the HTTP ingress for actor requests.
 * Configured by {@link GatewaySettings#toConfig()}; with no config, the defaults.
 */
public final class GatewayVerticle extends VerticleBase {

    /** The gateway's runner as a service: its flags, environment and config under {@code gateway}. */
    public static final RunnerService SERVICE = new RunnerService(
            MeshService.GATEWAY,
            "Gateway state: state.json, runtime-events.jsonl, decisions.jsonl, channel-store/",
            "Gateway fixture file(s) to run, in order (repeatable or comma separated; format: docs/fixtures.md).",
            GatewayGuardrails.DEFAULT.guardrails());

    private static final Logger LOG = Logger.getLogger(GatewayVerticle.class.getName());
    static final long INGRESS_VIEW_MS = 1_000;
    static final long INGRESS_VIEW_AGAIN_MS = 5_000;
    static final int INGRESS_ACTORS_SHOWN = 10;

    private SingletonClaim claim;
    private GatewayRuntime runtime;
    private RunnerEndpoints endpoints;
    private HttpServer ingress;
    private final IngressTally tally = new IngressTally();
    private long ingressTimer = -1;
    private long lastIngressViewMs;

    @Override
    public Future<?> start() {
        GatewaySettings settings = GatewaySettings.fromConfig(config());
        NodeIdentity node = NodeIdentity.fromConfig(config());
        return SingletonClaim.claim(vertx, MeshService.GATEWAY, node)
                .compose(claimed -> {
                    claim = claimed;
                    return GatewayRuntime.open(vertx, settings);
                })
                .compose(opened -> {
                    runtime = opened;
                    Future<RunnerEndpoints> bus = RunnerEndpoints.start(
                                    vertx,
                                    runtime.runner(),
                                    MeshService.GATEWAY,
                                    node,
                                    settings.runner().cycleIntervalMs())
                            .onSuccess(e -> endpoints = e);
                    Future<HttpServer> http = GatewayHttpIngress.start(
                                    vertx, runtime, tally, settings.httpHost(), settings.httpPort())
                            .onSuccess(server -> {
                                ingress = server;
                                LOG.info(() ->
                                        "gateway: state " + settings.runner().stateDir() + ", "
                                                + runtime.runner().queueDepth()
                                                + " case(s) queued, ingress http://" + settings.httpHost() + ":"
                                                + server.actualPort()
                                                + "/v1/actors/<actor_id>/requests");
                            });
                    ingressTimer = vertx.setPeriodic(INGRESS_VIEW_MS, id -> publishIngress());
                    return Future.all(bus, http);
                })
                .recover(err -> stop().transform(stopped -> Future.failedFuture(err)));
    }

    /**
     * The ingress's busiest actors on {@code tau.gateway.ingress}: each second after a request, and every
     * {@link #INGRESS_VIEW_AGAIN_MS} in any case, so that a page that comes later sees them too.
     */
    private void publishIngress() {
        long now = System.currentTimeMillis();
        if (tally.takeChanged() || now - lastIngressViewMs >= INGRESS_VIEW_AGAIN_MS) {
            lastIngressViewMs = now;
            vertx.eventBus().publish(Addresses.GATEWAY_INGRESS, MeshJson.toJson(tally.view(INGRESS_ACTORS_SHOWN, now)));
        }
    }

    /** The port the HTTP ingress listens on, once started. */
    public int ingressPort() {
        return ingress == null ? -1 : ingress.actualPort();
    }

    @Override
    public Future<?> stop() {
        if (endpoints != null) {
            endpoints.stop();
        }
        if (ingressTimer >= 0) {
            vertx.cancelTimer(ingressTimer);
        }
        Future<Void> closed = ingress == null ? Future.succeededFuture() : ingress.close();
        return closed.otherwiseEmpty()
                .compose(v -> runtime == null ? Future.succeededFuture() : runtime.close())
                .eventually(() -> claim == null ? Future.succeededFuture() : claim.release());
    }
}
