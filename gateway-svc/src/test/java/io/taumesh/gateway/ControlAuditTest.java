package io.taumesh.gateway;

import static io.taumesh.gateway.GatewayTesting.fixture;
import static io.taumesh.gateway.GatewayTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.runner.control.AuditTrail;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gateway runner's audit trail: every answered control action on disk before its answer, kept across a restart. */
@DisplayName("Gateway control audit")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class ControlAuditTest {

    @TempDir
    Path stateDir;

    @Test
    @DisplayName(
            "each answered action is in audit.jsonl with its result, key, cycle and origin, published on tau.audit, and read back after a restart")
    void actionsAudited(Vertx vertx) throws Exception {
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.AUDIT, m -> published.add(m.body()));
        List<JsonObject> cycles = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.GATEWAY_EVENTS, m -> cycles.add(m.body()));
        String first = deploy(vertx);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !cycles.isEmpty());
        assertThat(control(vertx, new JsonObject().put("action", "pause").put("idempotency_key", "k-1"), "req-1"))
                .containsEntry("result", "accepted");
        assertThat(control(vertx, new JsonObject().put("action", "pause").put("idempotency_key", "k-1"), "req-2"))
                .containsEntry("duplicate", true);
        assertThat(control(
                        vertx, new JsonObject().put("action", "set_queue_limit").put("queue_limit", 0), "req-3"))
                .containsEntry("result", "rejected");
        assertThat(control(vertx, new JsonObject().put("action", "resume"), "req-4"))
                .containsEntry("result", "accepted");
        vertx.eventBus()
                .request(Addresses.GATEWAY_CONTROL, "not an object", origin("req-5"))
                .await(15, TimeUnit.SECONDS);

        List<JsonObject> entries = trail(vertx, 10);
        assertThat(entries).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(entries)
                .extracting(e -> e.getJsonObject("outcome").getString("result"))
                .containsExactly("accepted", "accepted", "rejected", "accepted", "rejected");
        assertThat(entries)
                .extracting(e -> e.getJsonObject("source").getString("request_id"))
                .containsExactly("req-1", "req-2", "req-3", "req-4", "req-5");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getString("service")).isEqualTo("gateway");
            assertThat(e.getJsonObject("source").getString("origin")).isEqualTo("ops 127.0.0.1:40112");
        });
        JsonObject duplicate = entries.get(1);
        assertThat(duplicate.getJsonObject("outcome").getBoolean("duplicate")).isTrue();
        assertThat(duplicate.getJsonObject("action").getString("idempotency_key"))
                .isEqualTo("k-1");
        assertThat(entries.get(2)
                        .getJsonObject("action")
                        .getJsonObject("parameter")
                        .getInteger("queue_limit"))
                .isZero();
        assertThat(entries.get(2).getJsonObject("outcome").getString("reason")).startsWith("queue_limit: must be");
        assertThat(entries.get(4).getJsonObject("outcome").getString("reason"))
                .contains("a control action is a JSON object");
        // The cycle each ran in: the last one the runner committed before it (its fixture ran first).
        assertThat(entries.get(0).getJsonObject("outcome").getLong("cycle_id")).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 5);
        assertThat(published).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L, 3L, 4L, 5L);
        Path file = stateDir.resolve(AuditTrail.FILE);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(5);
        vertx.undeploy(first).await(30, TimeUnit.SECONDS);

        // A crash tore the last line: it is left out, the numbering goes on from the last whole entry, and the next
        // write cuts it off.
        Files.writeString(file, "{\"schema_version\":1,\"seq\":6,\"at\":\"", StandardOpenOption.APPEND);
        deploy(vertx);
        assertThat(trail(vertx, 10)).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(control(vertx, new JsonObject().put("action", "reset_streak"), "req-6"))
                .containsEntry("result", "accepted");
        List<JsonObject> after = trail(vertx, 2);
        assertThat(after).extracting(e -> e.getLong("seq")).containsExactly(5L, 6L);
        assertThat(after.get(1).getJsonObject("action").getString("name")).isEqualTo("reset_streak");
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .hasSize(6)
                .allSatisfy(line -> assertThat(new JsonObject(line).getInteger("schema_version"))
                        .isEqualTo(1));
    }

    @Test
    @DisplayName("a query with a bad limit fails naming it; a refusal without its source is not recorded")
    void badQueries(Vertx vertx) throws Exception {
        deploy(vertx);
        String address = Addresses.audit(MeshService.GATEWAY);
        Throwable badLimit = vertx.eventBus()
                .request(address, new JsonObject().put("limit", 0))
                .map(m -> (Throwable) null)
                .otherwise(err -> err)
                .await(15, TimeUnit.SECONDS);
        assertThat(badLimit).hasMessageStartingWith("limit: must be an integer from 1 to 1000");
        Throwable noSource = vertx.eventBus()
                .request(
                        address,
                        new JsonObject()
                                .put(
                                        "refused",
                                        new JsonObject()
                                                .put("action", new JsonObject())
                                                .put("reason", "x")))
                .map(m -> (Throwable) null)
                .otherwise(err -> err)
                .await(15, TimeUnit.SECONDS);
        assertThat(noSource).hasMessageStartingWith("refused.source: is required");
        assertThat(trail(vertx, 10)).isEmpty();
    }

    private String deploy(Vertx vertx) throws Exception {
        return vertx.deployVerticle(
                        new GatewayVerticle(),
                        new DeploymentOptions()
                                .setConfig(settings(stateDir, 4, fixture("healthy.json"))
                                        .toConfig()))
                .await(30, TimeUnit.SECONDS);
    }

    private static DeliveryOptions origin(String requestId) {
        DeliveryOptions options =
                Correlation.of(requestId, null).deliveryOptions().setSendTimeout(10_000);
        return ActionOrigin.applyTo(options, "ops 127.0.0.1:40112");
    }

    private static Map<String, Object> control(Vertx vertx, JsonObject body, String requestId) throws Exception {
        return vertx.eventBus()
                .<JsonObject>request(Addresses.GATEWAY_CONTROL, body, origin(requestId))
                .await(15, TimeUnit.SECONDS)
                .body()
                .getMap();
    }

    private static List<JsonObject> trail(Vertx vertx, int limit) throws Exception {
        JsonArray entries = vertx.eventBus()
                .<JsonObject>request(Addresses.audit(MeshService.GATEWAY), new JsonObject().put("limit", limit))
                .await(15, TimeUnit.SECONDS)
                .body()
                .getJsonArray("entries");
        return entries.stream().map(JsonObject.class::cast).toList();
    }
}
