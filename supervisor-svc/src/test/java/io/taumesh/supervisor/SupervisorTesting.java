package io.taumesh.supervisor;

import io.taumesh.core.bus.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Deploys a supervisor with an inline config and talks to it over the event bus. */
final class SupervisorTesting {

    private SupervisorTesting() {}

    static JsonObject verticle(String id, Class<?> type, String restart, int capacity) {
        return new JsonObject()
                .put("id", id)
                .put("kind", "verticle")
                .put("target", type.getName())
                .put("restart", restart)
                .put("budget", new JsonObject().put("capacity", capacity).put("refill_period_ms", 3_600_000))
                .put(
                        "backoff",
                        new JsonObject().put("initial_ms", 10).put("max_ms", 40).put("jitter", 0))
                .put("shutdown_timeout_ms", 500);
    }

    static String deploy(Vertx vertx, JsonObject... children) throws Exception {
        return deploy(vertx, stateDir(), children);
    }

    /** As above, keeping its state in {@code stateDir} (a test that starts a supervisor again on the same state). */
    static String deploy(Vertx vertx, Path stateDir, JsonObject... children) throws Exception {
        JsonObject spec = new JsonObject()
                .put("schema_version", 1)
                .put(
                        "supervisor",
                        new JsonObject().put("control_loop_interval_ms", 50).put("starvation_threshold_ms", 500))
                .put("children", new JsonArray(List.of((Object[]) children)));
        return vertx.deployVerticle(
                        new SupervisorVerticle(),
                        new DeploymentOptions()
                                .setConfig(new JsonObject()
                                        .put(
                                                "supervisor",
                                                new JsonObject()
                                                        .put("spec", spec)
                                                        .put("state_dir", stateDir.toString()))))
                .await(30, TimeUnit.SECONDS);
    }

    /** A state dir of its own for each supervisor a test starts: its audit trail is not shared. */
    static Path stateDir() throws IOException {
        Path dir = Files.createTempDirectory("tau-supervisor-test");
        dir.toFile().deleteOnExit();
        return dir;
    }

    static JsonObject ask(Vertx vertx, String address, JsonObject body) throws Exception {
        return vertx.eventBus()
                .<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(10_000))
                .await(15, TimeUnit.SECONDS)
                .body();
    }

    static JsonObject state(Vertx vertx) throws Exception {
        return ask(vertx, Addresses.SUPERVISOR_STATE, new JsonObject());
    }

    static JsonObject health(Vertx vertx) throws Exception {
        return ask(vertx, Addresses.SUPERVISOR_HEALTH, new JsonObject());
    }

    static JsonObject command(Vertx vertx, String command, String childId) throws Exception {
        JsonObject body = new JsonObject().put("command", command);
        if (childId != null) {
            body.put("child_id", childId);
        }
        return ask(vertx, Addresses.SUPERVISOR_COMMAND, body);
    }

    /** A release of {@code childId} with the operator's {@code reason}. */
    static JsonObject release(Vertx vertx, String childId, String reason) throws Exception {
        return ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject()
                        .put("command", "release")
                        .put("child_id", childId)
                        .put("reason", reason));
    }

    static JsonObject child(JsonObject state, String id) {
        return state.getJsonArray("child_runtime_records").stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("id").equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no child " + id + " in " + state));
    }

    /** Waits until the child's record matches, for at most 15 s. */
    static JsonObject awaitChild(Vertx vertx, String id, Predicate<JsonObject> condition) {
        return Awaitility.await("child " + id)
                .atMost(Duration.ofSeconds(15))
                .until(() -> child(state(vertx), id), condition);
    }
}
