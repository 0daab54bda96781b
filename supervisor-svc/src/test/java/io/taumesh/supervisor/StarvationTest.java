package io.taumesh.supervisor;

import static io.taumesh.supervisor.SupervisorTesting.awaitChild;
import static io.taumesh.supervisor.SupervisorTesting.command;
import static io.taumesh.supervisor.SupervisorTesting.deploy;
import static io.taumesh.supervisor.SupervisorTesting.health;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.supervisor.children.BlockForeverVerticle;
import io.taumesh.supervisor.children.StableVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runbook 002, P1-004. Not guarded against blocked threads: blocking one is what this test does. */
@DisplayName("Supervisor starvation")
@ExtendWith(VertxExtension.class)
class StarvationTest {

    @Test
    @DisplayName(
            "a BlockForever child is detected, health turns degraded, quarantine frees it, and the loop keeps iterating")
    void blockForever(Vertx vertx) throws Exception {
        JsonObject blocker = SupervisorTesting.verticle("blocker", BlockForeverVerticle.class, "permanent", 3)
                .put("threading", "worker");
        deploy(vertx, blocker, SupervisorTesting.verticle("ok", StableVerticle.class, "permanent", 3));

        awaitChild(vertx, "blocker", r -> r.getBoolean("blocked"));
        JsonObject degraded = health(vertx);
        assertThat(degraded.getString("status")).isEqualTo("degraded");
        assertThat(degraded.getJsonArray("blocked_children").getList()).containsExactly("blocker");
        assertThat(degraded.getString("reason")).contains("starvation");

        assertThat(command(vertx, "quarantine", "blocker").getString("result")).isEqualTo("accepted");
        JsonObject record =
                awaitChild(vertx, "blocker", r -> r.getString("state").equals("quarantined"));
        assertThat(record.getBoolean("blocked")).isFalse();

        long before = health(vertx).getLong("control_loop_iterations");
        TimeUnit.SECONDS.sleep(5);
        JsonObject after = health(vertx);
        assertThat(after.getString("status")).isEqualTo("ready");
        assertThat(after.getLong("control_loop_iterations")).isGreaterThan(before);
        assertThat(after.getDouble("iterations_per_sec")).isGreaterThan(0.0);
    }
}
