package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.supervisor.children.FakeRunnerVerticle;
import io.taumesh.supervisor.children.StableVerticle;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import io.taumesh.supervisor.heartbeat.SelfRepairSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Runtime heartbeat and self-repair")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class HeartbeatTest {

    @TempDir
    Path work;

    private Path statePath() {
        return work.resolve("heartbeat/state.json");
    }

    private HeartbeatSettings settings(boolean selfRepair, int maxRetries) {
        return new HeartbeatSettings(
                true,
                100,
                statePath(),
                new SelfRepairSettings(selfRepair, 400, maxRetries, work.resolve("tool-builds"), 3_600));
    }

    private static JsonObject runner(String runtime, JsonObject config) {
        return SupervisorTesting.verticle(runtime, FakeRunnerVerticle.class, "permanent", 10)
                .put("config", config.copy().put("runtime", runtime));
    }

    private void deploy(Vertx vertx, HeartbeatSettings heartbeat, JsonObject... children) throws Exception {
        JsonObject spec = new JsonObject()
                .put("schema_version", 1)
                .put("supervisor", new JsonObject().put("control_loop_interval_ms", 50))
                .put("children", new JsonArray(List.of((Object[]) children)));
        JsonObject config = new JsonObject()
                .put(
                        "supervisor",
                        new JsonObject()
                                .put("spec", spec)
                                .put("state_dir", work.resolve("supervisor").toString()))
                .mergeIn(heartbeat.toConfig());
        vertx.deployVerticle(new SupervisorVerticle(), new DeploymentOptions().setConfig(config))
                .await(30, TimeUnit.SECONDS);
    }

    /** The heartbeat's state file once it matches, for at most 20 s. */
    private JsonObject awaitState(Predicate<JsonObject> condition) {
        return Awaitility.await("heartbeat state " + statePath())
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(this::readState, s -> s != null && condition.test(s));
    }

    private JsonObject readState() {
        try {
            return Files.exists(statePath()) ? new JsonObject(Files.readString(statePath())) : null;
        } catch (Exception e) {
            throw new AssertionError("the heartbeat state file must always be whole JSON: " + e, e);
        }
    }

    private static JsonObject repairOf(JsonObject state, String runtime) {
        return state.getJsonObject("self_repair").getJsonArray("runners").stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("runtime").equals(runtime))
                .findFirst()
                .orElseThrow();
    }

    private static JsonObject of(JsonArray list, String runtime) {
        return list.stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("runtime").equals(runtime))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName("probes queues, events and jobs every interval and writes them whole to its state file")
    void probes(Vertx vertx) throws Exception {
        deploy(
                vertx,
                settings(true, 2),
                runner("gateway", new JsonObject().put("cycles_from_start", 1)),
                SupervisorTesting.verticle("other", StableVerticle.class, "permanent", 3));
        JsonObject state = awaitState(s -> of(s.getJsonArray("queues"), "gateway")
                                .getInteger("queue_depth")
                        == 0
                && of(s.getJsonArray("events"), "gateway").getString("source").equals("bus"));
        assertThat(state.getString("status")).isEqualTo("healthy");
        assertThat(state.getLong("interval_ms")).isEqualTo(100);
        assertThat(state.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
        JsonObject gateway = of(state.getJsonArray("queues"), "gateway");
        assertThat(gateway.getBoolean("available")).isTrue();
        assertThat(gateway.getLong("cycle_count")).isEqualTo(3);
        assertThat(gateway.getString("health_state")).isEqualTo("healthy");
        JsonObject dashboard = of(state.getJsonArray("queues"), "dashboard");
        assertThat(dashboard.getBoolean("available"))
                .as("no dashboard runner in this mesh")
                .isFalse();
        assertThat(of(state.getJsonArray("events"), "gateway").getLong("last_event_age_ms"))
                .isBetween(0L, 20_000L);
        assertThat(of(state.getJsonArray("events"), "dashboard").getString("source"))
                .isEqualTo("none");
        JsonObject jobs = state.getJsonObject("jobs");
        assertThat(jobs.getBoolean("available")).isTrue();
        assertThat(jobs.getInteger("running")).isEqualTo(2);
        assertThat(jobs.getInteger("target_count")).isEqualTo(2);
        assertThat(jobs.getJsonArray("children").stream().map(c -> ((JsonObject) c).getString("id")))
                .containsExactly("gateway", "other");
        long tick = state.getLong("tick");
        awaitState(s -> s.getLong("tick") > tick + 2);
    }

    @Test
    @DisplayName(
            "a runner with queued work and no cycle is restarted through the supervisor at most max-retries times, then given up on visibly")
    void givesUp(Vertx vertx) throws Exception {
        deploy(vertx, settings(true, 2), runner("gateway", new JsonObject()));
        JsonObject state = awaitState(s -> repairOf(s, "gateway").getBoolean("gave_up"));
        JsonObject repair = repairOf(state, "gateway");
        assertThat(repair.getBoolean("stuck")).isTrue();
        assertThat(repair.getInteger("restarts")).isEqualTo(2);
        assertThat(repair.getString("last_action")).isEqualTo("give_up");
        assertThat(repair.getString("note")).startsWith("gave up after 2 restarts: 3 case(s) queued, no cycle for");
        assertThat(state.getString("status")).isEqualTo("degraded");
        assertThat(state.getJsonArray("reasons").encode()).contains("gateway: gave up after 2 restarts");
        assertThat(SupervisorTesting.child(SupervisorTesting.state(vertx), "gateway")
                        .getInteger("restart_count"))
                .isEqualTo(2);
        // Given up means left alone: no third restart however long it stays stuck.
        long tick = state.getLong("tick");
        awaitState(s -> s.getLong("tick") > tick + 8);
        assertThat(SupervisorTesting.child(SupervisorTesting.state(vertx), "gateway")
                        .getInteger("restart_count"))
                .isEqualTo(2);
        // Its decisions are kept as the supervisor's markers: each restart says self-repair asked and why, and the
        // give-up is one marker however many heartbeats report it.
        Awaitility.await("the self-repair markers kept")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    List<JsonObject> markers = SupervisorTesting.ask(
                                    vertx, Addresses.SUPERVISOR_MARKERS, new JsonObject().put("from_ms", 0))
                            .getJsonArray("markers")
                            .stream()
                            .map(JsonObject.class::cast)
                            .toList();
                    assertThat(markers)
                            .filteredOn(m -> m.getString("kind").equals("restarted"))
                            .hasSize(2)
                            .allSatisfy(m -> assertThat(m.getString("detail"))
                                    .contains("; self-repair: stuck: 3 case(s) queued"));
                    assertThat(markers)
                            .filteredOn(m -> m.getString("kind").equals(MarkerFile.SELF_REPAIR_GAVE_UP))
                            .singleElement()
                            .satisfies(m -> assertThat(m.getString("subject")).isEqualTo("gateway"))
                            .satisfies(m -> assertThat(m.getString("detail")).startsWith("gave up after 2 restarts"));
                });
    }

    @Test
    @DisplayName("a stuck runner that cycles after a restart is repaired, and its retries start over")
    void repairs(Vertx vertx) throws Exception {
        deploy(vertx, settings(true, 2), runner("gateway", new JsonObject().put("cycles_from_start", 2)));
        JsonObject state = awaitState(s -> repairOf(s, "gateway").getLong("repaired_total") == 1);
        JsonObject repair = repairOf(state, "gateway");
        assertThat(repair.getBoolean("stuck")).isFalse();
        assertThat(repair.getBoolean("gave_up")).isFalse();
        assertThat(repair.getInteger("restarts")).isZero();
        assertThat(repair.getString("note")).startsWith("repaired: cycling again after 1 restart");
        assertThat(SupervisorTesting.child(SupervisorTesting.state(vertx), "gateway")
                        .getInteger("restart_count"))
                .isEqualTo(1);
        awaitState(s -> s.getString("status").equals("healthy"));
    }

    @Test
    @DisplayName("a paused runner is left alone, and with self-repair off a stuck runner is reported, not restarted")
    void pausedAndOff(Vertx vertx) throws Exception {
        deploy(
                vertx,
                settings(false, 2),
                runner("gateway", new JsonObject().put("paused", true)),
                runner("dashboard", new JsonObject()));
        JsonObject state = awaitState(s -> repairOf(s, "dashboard").getBoolean("stuck"));
        assertThat(repairOf(state, "dashboard").getString("note")).endsWith("(self-repair is off)");
        assertThat(repairOf(state, "dashboard").getInteger("restarts")).isZero();
        assertThat(repairOf(state, "gateway").getBoolean("stuck")).isFalse();
        assertThat(state.getJsonObject("self_repair").getBoolean("enabled")).isFalse();
        JsonObject supervisor = SupervisorTesting.state(vertx);
        assertThat(SupervisorTesting.child(supervisor, "gateway").getInteger("restart_count"))
                .isZero();
        assertThat(SupervisorTesting.child(supervisor, "dashboard").getInteger("restart_count"))
                .isZero();
    }

    @Test
    @DisplayName(
            "a runner whose status does not read as a runner's is reported unavailable, with why, and not restarted")
    void unreadableStatus(Vertx vertx) throws Exception {
        deploy(vertx, settings(true, 2), runner("gateway", new JsonObject().put("unreadable", true)));
        JsonObject state =
                awaitState(s -> of(s.getJsonArray("queues"), "gateway").getString("error") != null);
        JsonObject gateway = of(state.getJsonArray("queues"), "gateway");
        assertThat(gateway.getBoolean("available")).isFalse();
        assertThat(gateway.getString("error")).startsWith("its status does not read as a runner's: ");
        // Well past the 400 ms stall timeout: an answer that says nothing of its work is not judged stuck.
        long tick = state.getLong("tick");
        JsonObject later = awaitState(s -> s.getLong("tick") > tick + 8);
        assertThat(repairOf(later, "gateway").getBoolean("stuck")).isFalse();
        assertThat(SupervisorTesting.child(SupervisorTesting.state(vertx), "gateway")
                        .getInteger("restart_count"))
                .isZero();
    }

    @Test
    @DisplayName(
            "orphaned tool builds older than the max age are removed; fresh ones and those of a live process are kept")
    void orphans(Vertx vertx) throws Exception {
        Path builds = Files.createDirectories(work.resolve("tool-builds"));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Path orphanFile = Files.writeString(builds.resolve("probe.bin"), "left behind");
        Files.setLastModifiedTime(orphanFile, old);
        Path orphanDir = Files.createDirectories(builds.resolve("relay-build/classes"));
        Files.setLastModifiedTime(Files.writeString(orphanDir.resolve("A.class"), "x"), old);
        Files.setLastModifiedTime(orphanDir, old);
        Files.setLastModifiedTime(orphanDir.getParent(), old);
        Path fresh = Files.writeString(builds.resolve("fresh.bin"), "new");
        Path owned = Files.writeString(
                builds.resolve("cache." + ProcessHandle.current().pid()), "in use");
        Files.setLastModifiedTime(owned, old);
        deploy(vertx, settings(true, 2));
        JsonObject state = awaitState(
                s -> s.getJsonObject("self_repair").getJsonObject("orphans").getLong("removed_total") == 2);
        JsonObject orphans = state.getJsonObject("self_repair").getJsonObject("orphans");
        assertThat(orphans.getJsonArray("last_removed").getList())
                .containsExactlyInAnyOrder(
                        orphanFile.toString(), orphanDir.getParent().toString());
        assertThat(orphans.getInteger("kept")).isEqualTo(2);
        assertThat(orphanFile).doesNotExist();
        assertThat(orphanDir.getParent()).doesNotExist();
        assertThat(fresh).exists();
        assertThat(owned).exists();
    }
}
