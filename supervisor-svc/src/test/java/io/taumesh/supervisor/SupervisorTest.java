package io.taumesh.supervisor;

import static io.taumesh.supervisor.SupervisorTesting.awaitChild;
import static io.taumesh.supervisor.SupervisorTesting.command;
import static io.taumesh.supervisor.SupervisorTesting.deploy;
import static io.taumesh.supervisor.SupervisorTesting.state;
import static io.taumesh.supervisor.SupervisorTesting.verticle;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.supervisor.children.CompletingVerticle;
import io.taumesh.supervisor.children.FailingStartVerticle;
import io.taumesh.supervisor.children.IgnoreCancelVerticle;
import io.taumesh.supervisor.children.PanickingVerticle;
import io.taumesh.supervisor.children.StableVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Supervisor")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class SupervisorTest {

    @Test
    @DisplayName(
            "restart policies: permanent restarts a completed child, transient only a panicked one, temporary none")
    void restartPolicies(Vertx vertx) throws Exception {
        deploy(
                vertx,
                verticle("perm", CompletingVerticle.class, "permanent", 100),
                verticle("trans-done", CompletingVerticle.class, "transient", 100),
                verticle("trans-panic", PanickingVerticle.class, "transient", 100),
                verticle("temp", PanickingVerticle.class, "temporary", 100));
        awaitChild(vertx, "perm", r -> r.getInteger("restart_count") >= 2);
        JsonObject done =
                awaitChild(vertx, "trans-done", r -> r.getString("state").equals("stopped"));
        assertThat(done.getJsonObject("last_exit").getString("display"))
                .isEqualTo("TaskExit::Completed(the verticle undeployed itself)");
        assertThat(done.getInteger("restart_count")).isZero();
        JsonObject panicked = awaitChild(vertx, "trans-panic", r -> r.getInteger("restart_count") >= 1);
        assertThat(panicked.getJsonObject("last_exit").getString("display"))
                .isEqualTo("TaskExit::Panicked(boom in a timer handler)");
        JsonObject temporary =
                awaitChild(vertx, "temp", r -> r.getString("state").equals("failed"));
        assertThat(temporary.getInteger("restart_count")).isZero();
        assertThat(temporary.getJsonObject("last_exit").getString("kind")).isEqualTo("Panicked");
    }

    @Test
    @DisplayName(
            "a crash loop spends the restart budget, then the child is quarantined and stays stopped until released")
    void budgetAndQuarantine(Vertx vertx) throws Exception {
        List<JsonObject> events = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.SUPERVISOR_EVENTS, m -> events.add(m.body()));
        deploy(
                vertx,
                verticle("db", FailingStartVerticle.class, "permanent", 3),
                verticle("ok", StableVerticle.class, "permanent", 3));
        JsonObject db = awaitChild(vertx, "db", r -> r.getString("state").equals("quarantined"));
        assertThat(db.getInteger("restart_count")).isEqualTo(3);
        assertThat(db.getJsonObject("restart_budget").getInteger("tokens")).isZero();
        assertThat(db.getJsonObject("last_exit").getString("display"))
                .isEqualTo("TaskExit::Failed(start failed: database unreachable)");
        assertThat(db.getString("quarantine_reason")).startsWith("restart budget exhausted");
        JsonObject counts = state(vertx).getJsonObject("children");
        assertThat(counts.getInteger("quarantined")).isEqualTo(1);
        assertThat(counts.getInteger("running")).isEqualTo(1);
        assertThat(counts.getInteger("target_count")).isEqualTo(2);
        // A quarantined child stays down: its restart count does not move for a while.
        int restarts = SupervisorTesting.child(state(vertx), "db").getInteger("restart_count");
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> SupervisorTesting.child(state(vertx), "db").getInteger("restart_count") == restarts);
        assertThat(SupervisorTesting.child(state(vertx), "db").getInteger("restart_count"))
                .as("no restart while quarantined")
                .isEqualTo(3);
        assertThat(events)
                .anyMatch(e -> e.getString("event").equals("quarantined")
                        && e.getString("child_id").equals("db"));

        JsonObject released = SupervisorTesting.release(vertx, "db", "db fixed");
        assertThat(released.getString("display")).isEqualTo("CommandResult::Accepted");
        awaitChild(vertx, "db", r -> r.getString("state").equals("quarantined") && r.getInteger("restart_count") == 6);

        JsonObject removed = command(vertx, "remove", "db");
        assertThat(removed.getString("result")).isEqualTo("accepted");
        JsonObject after = state(vertx).getJsonObject("children");
        assertThat(after.getInteger("running"))
                .isEqualTo(after.getInteger("target_count"))
                .isEqualTo(1);
    }

    @Test
    @DisplayName(
            "metrics: restarts, exits by kind, the budget spent and the quarantine show per child; a removed child's gauges go")
    void metrics(Vertx vertx) throws Exception {
        MeterRegistry registry = MeshMetrics.of(vertx);
        deploy(
                vertx,
                verticle("db", FailingStartVerticle.class, "permanent", 3),
                verticle("ok", StableVerticle.class, "permanent", 3));
        awaitChild(vertx, "db", r -> r.getString("state").equals("quarantined"));
        // The gauges read what the control loop last saw.
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> gauge(registry, "tau_supervisor_child_quarantined", "child", "db") == 1);
        assertThat(gauge(registry, "tau_supervisor_restart_budget_tokens", "child", "db"))
                .isZero();
        assertThat(gauge(registry, "tau_supervisor_restart_budget_capacity", "child", "db"))
                .isEqualTo(3);
        assertThat(gauge(registry, "tau_supervisor_child_quarantined", "child", "ok"))
                .isZero();
        assertThat(gauge(registry, "tau_supervisor_children", "state", "quarantined"))
                .isEqualTo(1);
        assertThat(gauge(registry, "tau_supervisor_children", "state", "running"))
                .isEqualTo(1);
        assertThat(registry.get("tau_supervisor_child_restarts")
                        .tag("child", "db")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("tau_supervisor_child_exits")
                        .tags("child", "db", "exit_kind", "Failed")
                        .counter()
                        .count())
                .isEqualTo(4);
        assertThat(registry.get("tau_supervisor_quarantines")
                        .tag("child", "db")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("tau_supervisor_child_restarts")
                        .tag("child", "ok")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("tau_supervisor_control_loop_iterations")
                        .counter()
                        .count())
                .isPositive();
        assertThat(gauge(registry, "tau_supervisor_control_loop_interval_seconds"))
                .isEqualTo(0.05);
        assertThat(gauge(registry, "tau_supervisor_dashboard_link_up")).isZero();

        command(vertx, "remove", "db");
        assertThat(registry.find("tau_supervisor_restart_budget_tokens")
                        .tag("child", "db")
                        .gauges())
                .isEmpty();
        assertThat(registry.find("tau_supervisor_restart_budget_tokens")
                        .tag("child", "ok")
                        .gauges())
                .hasSize(1);
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    @DisplayName("every command is accepted when it applies and rejected with a reason when it does not")
    void commands(Vertx vertx) throws Exception {
        deploy(vertx, verticle("a", StableVerticle.class, "permanent", 3));
        assertThat(command(vertx, "restart", "a").getString("result")).isEqualTo("accepted");
        JsonObject restarted = SupervisorTesting.child(state(vertx), "a");
        assertThat(restarted.getInteger("restart_count")).isEqualTo(1);
        // A restart asked for spends no token (docs/decisions.md): a crash loop would still get all three.
        assertThat(restarted.getJsonObject("restart_budget").getInteger("tokens"))
                .isEqualTo(3);
        JsonObject forecast = restarted.getJsonObject("restart_forecast");
        assertThat(forecast.getInteger("restarts_before_quarantine")).isEqualTo(3);
        assertThat(forecast.getJsonArray("backoff_ahead_ms").stream().map(n -> ((Number) n).longValue()))
                .containsExactly(10L, 20L, 40L);
        assertThat(forecast.getLong("quarantine_in_crash_loop_ms")).isEqualTo(70L);
        assertThat(forecast.getValue("next_token_in_ms")).as("a full budget").isNull();
        assertThat(command(vertx, "release", "a").getString("reason")).isEqualTo("not quarantined");
        assertThat(command(vertx, "quarantine", "a").getString("result")).isEqualTo("accepted");
        assertThat(command(vertx, "quarantine", "a").getString("reason")).isEqualTo("already quarantined");
        assertThat(command(vertx, "restart", "a").getString("reason"))
                .isEqualTo("the child is quarantined; release it first");
        assertThat(command(vertx, "release", "a").getString("reason"))
                .as("lifting a quarantine takes a reason")
                .startsWith("reason: is required to release a quarantined child");
        assertThat(SupervisorTesting.release(vertx, "a", "x".repeat(501)).getString("reason"))
                .isEqualTo("reason: at most 500 characters, got 501");
        assertThat(SupervisorTesting.release(vertx, "a", "cause fixed").getString("result"))
                .isEqualTo("accepted");
        awaitChild(vertx, "a", r -> r.getString("state").equals("running"));
        assertThat(command(vertx, "remove", "ghost").getString("reason")).isEqualTo("no child with id 'ghost'");
        assertThat(command(vertx, "restart", null).getString("reason")).isEqualTo("child_id: is required");
        assertThat(command(vertx, "reboot", "a").getString("reason")).startsWith("command: unknown 'reboot'");

        JsonObject bad = SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject()
                        .put("command", "add")
                        .put(
                                "spec",
                                new JsonObject()
                                        .put("id", "b")
                                        .put("kind", "verticle")
                                        .put("target", StableVerticle.class.getName())
                                        .put("restart", "often")));
        assertThat(bad.getString("result")).isEqualTo("rejected");
        assertThat(bad.getString("reason")).startsWith("field_path=\"spec.restart\"");
        JsonObject dup = SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject()
                        .put("command", "add")
                        .put("spec", verticle("a", StableVerticle.class, "permanent", 3)));
        assertThat(dup.getString("reason")).isEqualTo("a child with id 'a' exists");
        JsonObject added = SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject()
                        .put("command", "add")
                        .put("spec", verticle("b", StableVerticle.class, "permanent", 3)));
        assertThat(added.getString("display")).isEqualTo("CommandResult::Accepted");
        assertThat(state(vertx).getJsonObject("children").getInteger("running")).isEqualTo(2);

        assertThat(command(vertx, "shutdown", null).getString("result")).isEqualTo("accepted");
        assertThat(command(vertx, "restart", "a").getString("reason")).isEqualTo("the supervisor is shutting down");
        assertThat(SupervisorTesting.health(vertx).getString("status")).isEqualTo("stopping");
    }

    @Test
    @DisplayName("a child that ignores cancellation is abandoned after its shutdown timeout, and says so")
    void ignoreCancel(Vertx vertx) throws Exception {
        deploy(vertx, verticle("stubborn", IgnoreCancelVerticle.class, "permanent", 3));
        JsonObject result = command(vertx, "quarantine", "stubborn");
        assertThat(result.getString("reason")).contains("ignored cancellation").contains("500 ms");
    }

    @Test
    @DisplayName(
            "health is ready with a running control loop; process children exit with their code, logged to their file")
    void healthAndProcessChildren(Vertx vertx, @TempDir Path dir) throws Exception {
        JsonObject failing = new JsonObject()
                .put("id", "exits-3")
                .put("kind", "process")
                .put("command", new JsonArray().add("bash").add("-c").add("echo about to fail; exit 3"))
                .put("log", dir.resolve("exits-3.log").toString())
                .put("restart", "permanent")
                .put("budget", new JsonObject().put("capacity", 1).put("refill_period_ms", 3_600_000))
                .put(
                        "backoff",
                        new JsonObject().put("initial_ms", 10).put("max_ms", 10).put("jitter", 0));
        JsonObject sleeper = new JsonObject()
                .put("id", "sleeper")
                .put("kind", "process")
                .put("command", new JsonArray().add("sleep").add("300"))
                .put("log", dir.resolve("sleeper.log").toString())
                .put("shutdown_timeout_ms", 2_000);
        deploy(vertx, failing, sleeper);
        JsonObject quarantined =
                awaitChild(vertx, "exits-3", r -> r.getString("state").equals("quarantined"));
        assertThat(quarantined.getJsonObject("last_exit").getString("display"))
                .isEqualTo("TaskExit::Failed(exit code 3)");
        assertThat(quarantined.getInteger("restart_count")).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("exits-3.log"))).contains("about to fail");

        // The loop counts at 10 per second: wait until it has counted more than 10.
        JsonObject health = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> SupervisorTesting.health(vertx), h -> h.getLong("control_loop_iterations") > 10L);
        assertThat(health.getString("status")).isEqualTo("ready");
        assertThat(health.getDouble("iterations_per_sec")).isGreaterThan(5.0);
        assertThat(health.getString("dashboard_link")).isEqualTo("disconnected");

        String runtime = SupervisorTesting.child(state(vertx), "sleeper").getString("runtime");
        long pid = Long.parseLong(runtime.replace("pid ", ""));
        assertThat(ProcessHandle.of(pid)).isPresent();
        JsonObject removed = command(vertx, "remove", "sleeper");
        assertThat(removed.getString("reason")).contains("SIGTERM");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }
}
