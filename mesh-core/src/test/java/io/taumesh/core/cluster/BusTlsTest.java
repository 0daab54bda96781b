package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestCertificates;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Mutual TLS on the event bus between nodes")
@ExtendWith(NoBlockedThreads.class)
class BusTlsTest {

    @TempDir
    static Path certs;

    static TestCertificates mesh;
    static TestCertificates foreign;

    private final List<MeshNode> nodes = new ArrayList<>();

    @BeforeAll
    static void authorities() throws Exception {
        mesh = TestCertificates.authority(certs.resolve("mesh"), "tau-mesh test CA")
                .issue("supervisor")
                .issue("gateway");
        foreign = TestCertificates.authority(certs.resolve("foreign"), "some other CA")
                .issue("intruder");
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close().await(30, TimeUnit.SECONDS);
        }
    }

    private MeshNode start(ClusterSettings settings) throws Exception {
        MeshNode node = MeshNode.start(settings).await(60, TimeUnit.SECONDS);
        nodes.add(node);
        return node;
    }

    static BusTls files(TestCertificates ca, String node) {
        return new BusTls(
                ca.key(node).toString(), ca.cert(node).toString(), ca.caCert().toString());
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    @DisplayName("nodes with the mesh's certificates talk; a node without TLS or with a foreign CA delivers nothing to "
            + "tau.supervisor.command and receives nothing")
    void onlyTheMeshsCertificatesTalk() throws Exception {
        String cluster = TestClusters.uniqueName("bus-tls");
        ClusterSettings base = new ClusterSettings(cluster, "127.0.0.1", 0, List.of(), 0);
        MeshNode supervisor = start(base.withTls(files(mesh, "supervisor")));
        List<String> seeds = List.of(supervisor.members().localAddress());
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        supervisor
                .vertx()
                .eventBus()
                .<JsonObject>consumer(Addresses.SUPERVISOR_COMMAND, m -> {
                    received.add(m.body());
                    m.reply(new JsonObject().put("accepted", m.body().getString("from")));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);

        // The PEM text itself, as an environment variable filled from a Kubernetes Secret holds it.
        BusTls inline = new BusTls(
                Files.readString(mesh.key("gateway")),
                Files.readString(mesh.cert("gateway")),
                Files.readString(mesh.caCert()));
        MeshNode gateway = start(base.withMembers(seeds).withTls(inline));
        JsonObject reply = gateway.vertx()
                .eventBus()
                .<JsonObject>request(
                        Addresses.SUPERVISOR_COMMAND,
                        new JsonObject().put("from", "gateway"),
                        new DeliveryOptions().setSendTimeout(10_000))
                .await(15, TimeUnit.SECONDS)
                .body();
        assertThat(reply.getString("accepted")).isEqualTo("gateway");

        MeshNode plain = start(base.withMembers(seeds));
        MeshNode intruder = start(base.withMembers(seeds).withTls(files(foreign, "intruder")));
        // Hazelcast's open-source edition lets any process that knows the cluster name become a member (the network
        // policy is what keeps it out); the event bus is what the mesh's certificates guard.
        assertThat(supervisor.members().size()).isEqualTo(4);
        for (MeshNode outsider : List.of(plain, intruder)) {
            String from = outsider == plain ? "plain" : "intruder";
            assertThatThrownBy(() -> outsider.vertx()
                            .eventBus()
                            .request(
                                    Addresses.SUPERVISOR_COMMAND,
                                    new JsonObject().put("from", from),
                                    new DeliveryOptions().setSendTimeout(3_000))
                            .await(10, TimeUnit.SECONDS))
                    .as(from + " delivers nothing")
                    .isNotNull();
        }
        // Nor does anything reach them: the mesh's nodes cannot open a connection to a node without its certificates.
        List<String> heardByOutsiders = new CopyOnWriteArrayList<>();
        for (MeshNode outsider : List.of(plain, intruder)) {
            outsider.vertx()
                    .eventBus()
                    .<String>consumer("test.outsider.inbox", m -> heardByOutsiders.add(m.body()))
                    .completion()
                    .await(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> gateway.vertx()
                        .eventBus()
                        .request("test.outsider.inbox", "secret", new DeliveryOptions().setSendTimeout(3_000))
                        .await(10, TimeUnit.SECONDS))
                .isNotNull();
        assertThat(received).extracting(m -> m.getString("from")).containsExactly("gateway");
        assertThat(heardByOutsiders).isEmpty();

        // And the mesh's own nodes still talk.
        assertThat(gateway.vertx()
                        .eventBus()
                        .<JsonObject>request(
                                Addresses.SUPERVISOR_COMMAND,
                                new JsonObject().put("from", "gateway"),
                                new DeliveryOptions().setSendTimeout(10_000))
                        .await(15, TimeUnit.SECONDS)
                        .body()
                        .getString("accepted"))
                .isEqualTo("gateway");
    }

    @Test
    @DisplayName(
            "all three parts or none; TLS asks for the peer's certificate; an unreadable or non-PEM part says which")
    void settings() throws Exception {
        assertThat(BusTls.OFF.enabled()).isFalse();
        assertThat(BusTls.OFF.applyTo(new EventBusOptions()).isSsl()).isFalse();
        assertThatThrownBy(() -> new BusTls("k.pem", null, "ca.pem"))
                .hasMessageContaining("all three")
                .hasMessageContaining("key")
                .hasMessageContaining("ca");
        EventBusOptions on = files(mesh, "supervisor").applyTo(new EventBusOptions());
        assertThat(on.isSsl()).isTrue();
        assertThat(on.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
        assertThat(on.isTrustAll()).isFalse();
        assertThatThrownBy(() -> new BusTls("/nonexistent/node.key", "/nonexistent/node.crt", "/nonexistent/ca.crt")
                        .applyTo(new EventBusOptions()))
                .hasMessageContaining("event-bus TLS key /nonexistent/node.key cannot be read");
        Path notPem = certs.resolve("not.pem");
        Files.writeString(notPem, "hello");
        assertThatThrownBy(() -> BusTls.pem("CA", notPem.toString())).hasMessageContaining("holds no PEM block");
        assertThat(files(mesh, "supervisor").toString()).doesNotContain("PRIVATE");
    }
}
