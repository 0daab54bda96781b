package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.MeshProtocol;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Nodes publish the mesh protocol version; a node of another version is refused at join")
@ExtendWith(NoBlockedThreads.class)
class ProtocolVersionTest {

    private final List<MeshRuntime> runtimes = new ArrayList<>();

    /** Stands in for a service: answers on an address once deployed. */
    static final class Probe extends VerticleBase {
        @Override
        public Future<?> start() {
            return vertx.eventBus()
                    .consumer("test.protocol.probe", m -> m.reply("deployed"))
                    .completion();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = runtimes.size() - 1; i >= 0; i--) {
            runtimes.get(i).close().await(30, TimeUnit.SECONDS);
        }
    }

    private MeshRuntime start(ClusterSettings cluster, MeshProtocol protocol) throws Exception {
        MeshRuntime runtime = MeshRuntime.start(
                        new NodeSettings(cluster, "127.0.0.1", 0, 1),
                        List.of(new ServiceUnit(MeshService.GATEWAY, Probe::new)),
                        protocol)
                .await(60, TimeUnit.SECONDS);
        runtimes.add(runtime);
        return runtime;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("the newcomer of another version hosts nothing and answers /readiness 503 with the reason, at once")
    void incompatibleNewcomerIsRefused() throws Exception {
        String cluster = TestClusters.uniqueName("protocol");
        MeshRuntime current = start(ClusterSettings.loopback(cluster), MeshProtocol.CURRENT);
        ClusterSettings joining = ClusterSettings.loopback(cluster)
                .withMembers(List.of(current.node().members().localAddress()));
        MeshProtocol next = new MeshProtocol(MeshProtocol.CURRENT.version() + 1);

        long startedAt = System.nanoTime();
        MeshRuntime newer = start(joining, next);
        HttpResponse<String> readiness = get(newer.opsUrl() + "/readiness");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

        assertThat(newer.refusal())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("refused by cluster '" + cluster + "'")
                        .contains("speaks mesh protocol " + MeshProtocol.CURRENT.version())
                        .contains("this node speaks mesh protocol " + next.version()));
        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonObject checks = new JsonObject(readiness.body());
        assertThat(checks.encode())
                .contains("\"id\":\"protocol\"")
                .contains("this node speaks mesh protocol " + next.version());
        assertThat(newer.node().vertx().deploymentIDs())
                .as("no service deployed on a refused node")
                .isEmpty();
        assertThat(tookMs)
                .as("refused while joining, not after a request timed out")
                .isLessThan(30_000);

        // The cluster's own node is untouched, and shows each member's protocol.
        assertThat(current.refusal()).isEmpty();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> get(current.opsUrl() + "/readiness").statusCode() == 200);
        JsonObject view = new JsonObject(get(current.opsUrl() + "/cluster").body());
        assertThat(view.getJsonArray("members").stream().map(m -> ((JsonObject) m).getInteger("protocol")))
                .containsExactlyInAnyOrder(MeshProtocol.CURRENT.version(), next.version());
        String answer = current.node()
                .vertx()
                .eventBus()
                .<String>request("test.protocol.probe", "?")
                .await(10, TimeUnit.SECONDS)
                .body();
        assertThat(answer).as("only the compatible node serves").isEqualTo("deployed");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("a newcomer of the same version joins and serves")
    void sameVersionJoins() throws Exception {
        String cluster = TestClusters.uniqueName("protocol-same");
        MeshRuntime first = start(ClusterSettings.loopback(cluster), MeshProtocol.CURRENT);
        MeshRuntime second = start(
                ClusterSettings.loopback(cluster)
                        .withMembers(List.of(first.node().members().localAddress())),
                MeshProtocol.CURRENT);
        assertThat(second.refusal()).isEmpty();
        // Ready once the cluster is safe (partitions settled after the join).
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> get(second.opsUrl() + "/readiness").statusCode() == 200);
        assertThat(second.node().vertx().deploymentIDs()).hasSize(1);
    }
}
