package io.taumesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.RunnerActionRequest;
import io.taumesh.core.bus.message.SupervisorCommandRequest;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.node.MeshNode;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's side of the wire, against a real cluster node whose consumers answer as the services do: what each call
 * sends (key, origin, correlation), how answers are typed, and each kind of failure.
 */
@DisplayName("The Java client")
@ExtendWith(NoBlockedThreads.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MeshClientTest {

    private static MeshNode server;
    private static MeshClient client;
    private static final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
    private static final AtomicReference<MultiMap> headers = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        server = MeshNode.start(ClusterSettings.loopback(TestClusters.uniqueName("client")))
                .await(60, TimeUnit.SECONDS);
        server.vertx().eventBus().<JsonObject>consumer(Addresses.GATEWAY_CONTROL, m -> {
            bodies.add(m.body());
            headers.set(m.headers());
            m.reply(MeshJson.toJson(ControlResult.accepted(
                    "gateway", m.body().getString("action"), m.body().getString("idempotency_key"), "done", Map.of())));
        });
        // Takes commands and never answers: a supervisor that is stuck.
        server.vertx().eventBus().<JsonObject>consumer(Addresses.SUPERVISOR_COMMAND, m -> {});
        server.vertx()
                .eventBus()
                .<JsonObject>consumer(
                        Addresses.GATEWAY_STATUS, m -> m.reply(new JsonObject().put("schema_version", 99)));
        ClusterSettings cluster = ClusterSettings.loopback(server.clusterName())
                .withMembers(List.of(server.members().localAddress()));
        client = MeshClient.connect(cluster, ActionOrigin.named("test-tool", "here"), 1_000)
                .await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close().await(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a control action goes out with an idempotency key, the client's origin and the caller's request id")
    void controlAction() throws Exception {
        ControlResult result = client.control(
                        MeshService.GATEWAY,
                        RunnerActionRequest.of(RunnerAction.PAUSE),
                        Correlation.of("req-client-1", null))
                .await(10, TimeUnit.SECONDS);

        assertThat(result.accepted()).isTrue();
        assertThat(result.action()).isEqualTo("pause");
        JsonObject sent = bodies.get(bodies.size() - 1);
        assertThat(sent.getString("action")).isEqualTo("pause");
        assertThat(sent.getString("idempotency_key")).startsWith("client-");
        assertThat(result.idempotencyKey()).isEqualTo(sent.getString("idempotency_key"));
        assertThat(headers.get().get(ActionOrigin.HEADER)).isEqualTo("test-tool here");
        assertThat(headers.get().get(Correlation.REQUEST_ID)).isEqualTo("req-client-1");
    }

    @Test
    @DisplayName("a retry sent with the same key carries it unchanged, with the action's own field")
    void keyKept() throws Exception {
        RunnerActionRequest action = RunnerActionRequest.queueLimit(7).withIdempotencyKey("retry-of-mine");
        client.control(MeshService.GATEWAY, action).await(10, TimeUnit.SECONDS);

        JsonObject sent = bodies.get(bodies.size() - 1);
        assertThat(sent.getString("idempotency_key")).isEqualTo("retry-of-mine");
        assertThat(sent.getInteger("queue_limit")).isEqualTo(7);
        assertThat(sent.containsKey("fixture"))
                .as("no field the action does not take")
                .isFalse();
    }

    @Test
    @DisplayName("no answer in time is TIMED_OUT, naming the key that makes a retry apply once")
    void timedOut() {
        assertThatThrownBy(() -> client.command(SupervisorCommandRequest.of(SupervisorCommand.RESTART, "gateway"))
                        .await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(MeshClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MeshClientException.Kind.TIMED_OUT);
                    assertThat(e.address()).isEqualTo(Addresses.SUPERVISOR_COMMAND);
                    assertThat(e.idempotencyKey()).startsWith("client-");
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.getMessage()).contains("within 1000 ms").contains("audit trail");
                });
    }

    @Test
    @DisplayName("an address nobody serves is NOT_SERVED once the join's grace is over")
    void notServed() {
        assertThatThrownBy(() -> client.status(MeshService.RELAY).await(20, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(MeshClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MeshClientException.Kind.NOT_SERVED);
                    assertThat(e.getMessage()).contains("nobody serves tau.relay.status");
                });
    }

    @Test
    @DisplayName("an answer that does not read as the address's message is BAD_ANSWER, naming the field")
    void badAnswer() {
        assertThatThrownBy(() -> client.status(MeshService.GATEWAY).await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(MeshClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MeshClientException.Kind.BAD_ANSWER);
                    assertThat(e.getMessage()).contains("ServiceStatus").contains("schema_version");
                });
    }

    @Test
    @DisplayName("widget views come as typed records once the subscription is in place, and stop when cancelled")
    void widgetStream() throws Exception {
        List<WidgetView> seen = new CopyOnWriteArrayList<>();
        MeshSubscription subscription = client.widgets(seen::add).await(10, TimeUnit.SECONDS);
        WidgetView view = new WidgetView(1, "gateway.health", "status", Map.of("health_state", "healthy"), 3, "now");
        server.vertx().eventBus().publish(Addresses.DASHBOARD_WIDGETS, MeshJson.toJson(view));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(seen.get(0)).isEqualTo(view);

        subscription.cancel().await(10, TimeUnit.SECONDS);
        server.vertx().eventBus().publish(Addresses.DASHBOARD_WIDGETS, MeshJson.toJson(view));
        // What a cancelled subscription would have got comes before this reply, on the same connection.
        client.control(MeshService.GATEWAY, RunnerActionRequest.of(RunnerAction.RESUME))
                .await(10, TimeUnit.SECONDS);
        assertThat(seen).hasSize(1);
    }
}
