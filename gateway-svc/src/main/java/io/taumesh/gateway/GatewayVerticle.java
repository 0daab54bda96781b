package io.taumesh.gateway;

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

    private SingletonClaim claim;
    private GatewayRuntime runtime;
    private RunnerEndpoints endpoints;
    private HttpServer ingress;

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
                                    vertx, runtime, settings.httpHost(), settings.httpPort())
                            .onSuccess(server -> {
                                ingress = server;
                                LOG.info(() ->
                                        "gateway: state " + settings.runner().stateDir() + ", "
                                                + runtime.runner().queueDepth()
                                                + " case(s) queued, ingress http://" + settings.httpHost() + ":"
                                                + server.actualPort()
                                                + "/v1/actors/<actor_id>/requests");
                            });
                    return Future.all(bus, http);
                })
                .recover(err -> stop().transform(stopped -> Future.failedFuture(err)));
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
        Future<Void> closed = ingress == null ? Future.succeededFuture() : ingress.close();
        return closed.otherwiseEmpty()
                .compose(v -> runtime == null ? Future.succeededFuture() : runtime.close())
                .eventually(() -> claim == null ? Future.succeededFuture() : claim.release());
    }
}
