package io.taumesh.bench;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.MeshRuntime;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayGuardrails;
import io.taumesh.gateway.GatewaySettings;
import io.taumesh.gateway.GatewayVerticle;
import io.taumesh.supervisor.SupervisorSettings;
import io.taumesh.supervisor.SupervisorVerticle;
import io.taumesh.webui.WebUiVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A busy mesh node in this JVM, as {@code ./tau-mesh} runs it but for the relay: the supervisor with the gateway, the
 * dashboard and the web UI as its children; and the load that keeps it busy, so that every meter exists and moves.
 */
final class BusyMesh {

    private final MeshRuntime mesh;
    private final int ingressPort;
    private final AtomicBoolean busy = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final Thread load;

    private BusyMesh(MeshRuntime mesh, int ingressPort) {
        this.mesh = mesh;
        this.ingressPort = ingressPort;
        this.load = new Thread(this::drive, "scrape-bench-load");
    }

    /** Starts the node, its state under {@code work}; the load starts with {@link #startLoad}. */
    static BusyMesh start(Path work) throws Exception {
        int ingressPort = LoopbackPort.free();
        MeshRuntime mesh = MeshRuntime.start(
                        NodeSettings.loopback("tau-scrape-bench-"
                                + UUID.randomUUID().toString().substring(0, 8)),
                        List.of(new ServiceUnit(
                                MeshService.SUPERVISOR, SupervisorVerticle::new, supervision(work, ingressPort))))
                .await(120, TimeUnit.SECONDS);
        return new BusyMesh(mesh, ingressPort);
    }

    /** The node's Prometheus endpoint. */
    String metricsUrl() {
        return mesh.opsUrl() + "/metrics";
    }

    /** Requests sent so far. */
    long requests() {
        return requests.get();
    }

    void startLoad() {
        load.start();
    }

    /** Stops the load, waiting up to 30 s for its request in flight. */
    void stopLoad() throws InterruptedException {
        busy.set(false);
        load.join(30_000);
    }

    void close() throws Exception {
        mesh.close().await(60, TimeUnit.SECONDS);
    }

    /** The all-in-one mesh's supervision, the relay aside (it is a process of its own, with its own /metrics). */
    private static JsonObject supervision(Path work, int ingressPort) {
        Path fixtures = Path.of("fixtures").toAbsolutePath();
        JsonObject gateway = new GatewaySettings(
                        work.resolve("gateway"),
                        List.of(
                                fixtures.resolve("gateway/failures.json"),
                                fixtures.resolve("gateway/retry.json"),
                                fixtures.resolve("gateway/malformed.json")),
                        4,
                        200,
                        RetryPolicy.DEFAULT,
                        GatewayGuardrails.DEFAULT,
                        "127.0.0.1",
                        ingressPort)
                .toConfig();
        JsonObject dashboard = DashboardVerticle.SERVICE.toConfig(new RunnerSettings(
                work.resolve("dashboard"),
                List.of(fixtures.resolve("dashboard/healthy.json"), fixtures.resolve("dashboard/retry.json")),
                4,
                200,
                RetryPolicy.DEFAULT));
        JsonObject webui = new JsonObject()
                .put(
                        "webui",
                        new JsonObject()
                                .put("host", "127.0.0.1")
                                .put("port", 0)
                                .put("token", "scrape-bench-token-0000"));
        JsonArray children = new JsonArray()
                .add(child("gateway", GatewayVerticle.class.getName(), gateway))
                .add(child("dashboard", DashboardVerticle.class.getName(), dashboard))
                .add(child("webui", WebUiVerticle.class.getName(), webui));
        return new SupervisorSettings(
                        null, new JsonObject().put("schema_version", 1).put("children", children))
                .toConfig();
    }

    private static JsonObject child(String id, String target, JsonObject config) {
        return new JsonObject()
                .put("id", id)
                .put("kind", "verticle")
                .put("target", target)
                .put("config", config)
                .put("restart", "permanent");
    }

    /** HTTP requests of many actors to the gateway's ingress, status requests, and control actions, until stopped. */
    private void drive() {
        HttpClient http = HttpClient.newHttpClient();
        Vertx vertx = mesh.node().vertx();
        long n = 0;
        while (busy.get()) {
            n++;
            try {
                String body =
                        n % 5 == 0 ? "{\"kind\":\"message\"}" : "{\"kind\":\"message\",\"text\":\"load " + n + "\"}";
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingressPort + "/v1/actors/actor-"
                                        + (n % 50) + "/requests"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (n % 10 == 0) {
                    http.send(
                            HttpRequest.newBuilder(URI.create(mesh.opsUrl() + "/mesh/status/gateway"))
                                    .header("Authorization", "Bearer " + mesh.opsToken())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                if (n % 25 == 0) {
                    JsonObject action = new JsonObject()
                            .put("target", "gateway")
                            .put("action", n % 50 == 0 ? "run_cycle" : "reset_streak");
                    MeshBus.request(vertx, Addresses.DASHBOARD_CONTROL, action, Correlation.fresh(), 5_000)
                            .await(10, TimeUnit.SECONDS);
                }
                requests.incrementAndGet();
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // A request that failed under load is load all the same.
            }
        }
    }
}
