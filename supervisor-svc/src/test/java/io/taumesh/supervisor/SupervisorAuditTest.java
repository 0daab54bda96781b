package io.taumesh.supervisor;

import static io.taumesh.supervisor.SupervisorTesting.awaitChild;
import static io.taumesh.supervisor.SupervisorTesting.verticle;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.supervisor.children.StableVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Supervisor commands: applied once per idempotency key, and each answer in the supervisor's audit trail. */
@DisplayName("Supervisor command audit")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class SupervisorAuditTest {

    @Test
    @DisplayName(
            "a restart retried with its key is answered as a duplicate and applied once; every answer is audited with its origin")
    void retriedRestartAppliedOnce(Vertx vertx) throws Exception {
        SupervisorTesting.deploy(vertx, verticle("a", StableVerticle.class, "permanent", 5));
        awaitChild(vertx, "a", r -> r.getString("state").equals("running"));
        JsonObject restart =
                new JsonObject().put("command", "restart").put("child_id", "a").put("idempotency_key", "restart-a-1");
        JsonObject first = command(vertx, restart, "req-1");
        JsonObject retried = command(vertx, restart, "req-2");
        assertThat(first.getString("result")).isEqualTo("accepted");
        assertThat(first.getBoolean("duplicate")).isFalse();
        assertThat(retried.getString("result")).isEqualTo("accepted");
        assertThat(retried.getBoolean("duplicate")).isTrue();
        JsonObject child = awaitChild(vertx, "a", r -> r.getString("state").equals("running"));
        assertThat(child.getInteger("restart_count")).as("applied once").isEqualTo(1);
        assertThat(command(vertx, new JsonObject().put("command", "release").put("child_id", "a"), "req-3")
                        .getString("reason"))
                .isEqualTo("not quarantined");

        List<JsonObject> entries = vertx
                .eventBus()
                .<JsonObject>request(Addresses.audit(MeshService.SUPERVISOR), new JsonObject())
                .await(15, TimeUnit.SECONDS)
                .body()
                .getJsonArray("entries")
                .stream()
                .map(JsonObject.class::cast)
                .toList();
        assertThat(entries)
                .extracting(e -> e.getJsonObject("source").getString("request_id"))
                .containsExactly("req-1", "req-2", "req-3");
        assertThat(entries)
                .extracting(e -> e.getJsonObject("outcome").getBoolean("duplicate"))
                .containsExactly(false, true, false);
        assertThat(entries)
                .extracting(e -> e.getJsonObject("outcome").getString("result"))
                .containsExactly("accepted", "accepted", "rejected");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getString("service")).isEqualTo("supervisor");
            assertThat(e.getJsonObject("action").getString("target")).isEqualTo("a");
            assertThat(e.getJsonObject("source").getString("origin")).isEqualTo("relay");
        });
        assertThat(entries.get(0).getJsonObject("action").getString("idempotency_key"))
                .isEqualTo("restart-a-1");
    }

    private static JsonObject command(Vertx vertx, JsonObject body, String requestId) throws Exception {
        DeliveryOptions options = ActionOrigin.applyTo(
                Correlation.of(requestId, null).deliveryOptions().setSendTimeout(10_000), "relay");
        return vertx.eventBus()
                .<JsonObject>request(Addresses.SUPERVISOR_COMMAND, body, options)
                .await(15, TimeUnit.SECONDS)
                .body();
    }
}
