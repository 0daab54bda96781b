package io.taumesh.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.NodeIdentity;
import io.taumesh.core.bus.StatusEndpoint;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.node.MeshRuntime;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("The ops endpoint of a node")
@ExtendWith(NoBlockedThreads.class)
class OpsServerTest {

    /** Stands in for a service: answers the gateway's status address. */
    static final class FakeGateway extends VerticleBase {
        @Override
        public Future<?> start() {
            return StatusEndpoint.serve(
                    vertx,
                    MeshService.GATEWAY,
                    NodeIdentity.fromConfig(config()),
                    "running",
                    () -> Map.of("probe", true));
        }
    }

    private static MeshRuntime runtime;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String TOKEN = "ops-server-test-token-1";

    @BeforeAll
    static void start() throws Exception {
        runtime = MeshRuntime.start(
                        new NodeSettings(
                                ClusterSettings.loopback(TestClusters.uniqueName("ops")),
                                "127.0.0.1",
                                0,
                                MeshNode.DEFAULT_EVENT_LOOPS,
                                null,
                                TOKEN,
                                null),
                        List.of(new ServiceUnit(MeshService.GATEWAY, FakeGateway::new)))
                .await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close().await(30, TimeUnit.SECONDS);
    }

    /** A GET with the ops token, as a command of the node's owner sends it. */
    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(runtime.opsUrl() + path)).header("Authorization", "Bearer " + TOKEN);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("binds to loopback by default")
    void loopback() {
        assertThat(runtime.opsUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    @DisplayName("/health and /readiness answer 200 with the cluster check UP")
    void healthAndReadiness() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonArray("checks").stream().map(JsonObject.class::cast))
                .anySatisfy(check -> {
                    assertThat(check.getString("id")).isEqualTo("cluster");
                    assertThat(check.getString("status")).isEqualTo("UP");
                })
                .anySatisfy(check -> assertThat(check.getString("id")).isEqualTo("services"));
    }

    @Test
    @DisplayName("/metrics speaks the Prometheus text format and includes the cluster gauge")
    void metrics() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE tau_cluster_members gauge").contains("tau_cluster_members 1.0");
        assertThat(metrics.body()).contains("vertx_eventbus_");
    }

    @Test
    @DisplayName("/cluster lists the members with this node marked local, its protocol and the services it hosts")
    void cluster() throws Exception {
        JsonObject body = new JsonObject(get("/cluster").body());
        assertThat(body.getInteger("member_count")).isEqualTo(1);
        assertThat(body.getString("node_id")).isEqualTo(runtime.node().nodeId());
        assertThat(body.getJsonArray("members").getJsonObject(0).getBoolean("local"))
                .isTrue();
        // The services come from the node's audit of the registrations, once a second.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> new JsonObject(get("/cluster").body())
                        .getJsonArray("members")
                        .getJsonObject(0)
                        .getJsonArray("services")
                        .getList()
                        .equals(List.of("gateway")));
    }

    @Test
    @DisplayName("each node hosts the services whose status address it serves, in the mesh's order")
    void servicesByNode() {
        Map<String, List<String>> byNode = OpsServer.servicesByNode(Map.of(
                "tau.gateway.status", Set.of("n1"),
                "tau.dashboard.status", Set.of("n1"),
                "tau.relay.status", Set.of("n2"),
                "tau.gateway.control", Set.of("n3")));
        assertThat(byNode).containsOnlyKeys("n1", "n2");
        assertThat(byNode.get("n1")).containsExactly("gateway", "dashboard");
        assertThat(byNode.get("n2")).containsExactly("relay");
    }

    @Test
    @DisplayName("/mesh/status/<service> asks the service over the event bus and keeps the caller's x-request-id")
    void meshStatus() throws Exception {
        HttpResponse<String> response = get("/mesh/status/gateway", "x-request-id", "ops-test-7");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).contains("ops-test-7");
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("service")).isEqualTo("gateway");
        assertThat(body.getString("node_id")).isEqualTo(runtime.node().nodeId());
        assertThat(body.getJsonObject("detail").getBoolean("probe")).isTrue();
    }

    @Test
    @DisplayName("/mesh/status without the ops token is refused: it would reach the event bus; /health, /readiness, "
            + "/metrics and /cluster need none")
    void meshNeedsTheToken() throws Exception {
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(runtime.opsUrl() + "/mesh/status/gateway"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(refused.body()).getString("error"))
                .contains("/mesh/status/gateway needs the node's ops token");
        for (String open : List.of("/health", "/readiness", "/metrics", "/cluster")) {
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(URI.create(runtime.opsUrl() + open))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as(open)
                    .isEqualTo(200);
        }
    }

    @Test
    @DisplayName("/mesh/status answers 404 for an unknown service and 503 when no member serves it")
    void meshStatusErrors() throws Exception {
        HttpResponse<String> unknown = get("/mesh/status/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getJsonArray("known_services").getList())
                .contains("gateway", "supervisor");
        HttpResponse<String> absent = get("/mesh/status/supervisor");
        assertThat(absent.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(absent.body()).getString("error")).contains("tau.supervisor.status");
    }

    private static final Pattern FIVE_XX =
            Pattern.compile("tau_http_server_responses_total\\{server=\"ops\",status_class=\"5xx\"} [1-9]");

    @Test
    @DisplayName(
            "/metrics counts the ops server's responses by status class, and the services find the node's registry")
    void responseClasses() throws Exception {
        get("/mesh/status/nope");
        get("/mesh/status/supervisor");
        // A response is counted once it has been written, which may be just after the client read it.
        String metrics = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> get("/metrics").body(),
                        body -> FIVE_XX.matcher(body).find());
        assertThat(metrics)
                .containsPattern("tau_http_server_responses_total\\{server=\"ops\",status_class=\"4xx\"} [1-9]")
                .containsPattern("tau_http_server_responses_total\\{server=\"ops\",status_class=\"5xx\"} [1-9]")
                .contains("tau_http_server_responses_total{server=\"ops\",status_class=\"3xx\"} 0.0");
        assertThat(MeshMetrics.of(runtime.node().vertx()))
                .isSameAs(runtime.node().registry());
    }

    @Test
    @DisplayName("every response carries an x-request-id, the caller's or a new one")
    void requestIdOnEveryResponse() throws Exception {
        assertThat(get("/health", "x-request-id", "ops-health-1").headers().firstValue("x-request-id"))
                .contains("ops-health-1");
        assertThat(get("/cluster").headers().firstValue("x-request-id")).isPresent();
    }
}
