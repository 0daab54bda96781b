package io.taumesh.supervisor;

import static io.taumesh.supervisor.SupervisorTesting.awaitChild;
import static io.taumesh.supervisor.SupervisorTesting.deploy;
import static io.taumesh.supervisor.SupervisorTesting.verticle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.supervisor.children.CompletingVerticle;
import io.taumesh.supervisor.children.FailingStartVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Kinds of exit with restart budgets of their own")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class CrashClassBudgetTest {

    private static JsonObject withClass(JsonObject child, String crashClass, int capacity) {
        child.getJsonObject("budget")
                .put(
                        "by_class",
                        new JsonObject()
                                .put(
                                        crashClass,
                                        new JsonObject()
                                                .put("capacity", capacity)
                                                .put("refill_period_ms", 3_600_000)));
        return child;
    }

    @Test
    @DisplayName("an exit is classed by how the run ended: a failed start, starved, a clean exit or a crash")
    void classes() {
        TaskExit failed = TaskExit.of(ExitKind.FAILED, "exit code 3");
        assertThat(CrashClass.of(ChildState.STARTING, false, failed)).isEqualTo(CrashClass.FAILED_START);
        assertThat(CrashClass.of(ChildState.RUNNING, true, failed)).isEqualTo(CrashClass.STARVED);
        assertThat(CrashClass.of(ChildState.RUNNING, false, TaskExit.of(ExitKind.COMPLETED, "")))
                .isEqualTo(CrashClass.CLEAN_EXIT);
        assertThat(CrashClass.of(ChildState.RUNNING, false, failed)).isEqualTo(CrashClass.CRASHED);
        assertThat(CrashClass.of(ChildState.RUNNING, false, TaskExit.of(ExitKind.PANICKED, "boom")))
                .isEqualTo(CrashClass.CRASHED);
    }

    @Test
    @DisplayName(
            "a class's own budget quarantines its exits first, naming it; the child's budget still bounds the others")
    void classBudgetFirst(Vertx vertx) throws Exception {
        deploy(
                vertx,
                withClass(verticle("db", FailingStartVerticle.class, "permanent", 10), "failed_start", 2),
                withClass(verticle("done", CompletingVerticle.class, "permanent", 10), "clean_exit", 3),
                withClass(verticle("other", CompletingVerticle.class, "permanent", 4), "failed_start", 1));

        JsonObject db = awaitChild(vertx, "db", r -> r.getString("state").equals("quarantined"));
        assertThat(db.getInteger("restart_count")).isEqualTo(2);
        assertThat(db.getString("quarantine_reason"))
                .isEqualTo("restart budget for failed_start exits exhausted (2 restarts per 3600000 ms)");
        JsonObject budget = db.getJsonObject("restart_budget");
        assertThat(budget.getInteger("tokens"))
                .as("the child's own budget spent 2 of 10")
                .isEqualTo(8);
        assertThat(budget.getJsonObject("by_class").getJsonObject("failed_start"))
                .isEqualTo(new JsonObject().put("tokens", 0).put("capacity", 2));
        MeterRegistry registry = MeshMetrics.of(vertx);
        assertThat(registry.get("tau_supervisor_restarts_after_exit")
                        .tags("child", "db", "crash_class", "failed_start")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("tau_supervisor_restarts_after_exit")
                        .tags("child", "db", "crash_class", "crashed")
                        .counter()
                        .count())
                .isZero();

        JsonObject done = awaitChild(vertx, "done", r -> r.getString("state").equals("quarantined"));
        assertThat(done.getInteger("restart_count")).isEqualTo(3);
        assertThat(done.getString("quarantine_reason")).startsWith("restart budget for clean_exit exits exhausted");

        // Its clean exits have no budget of their own: the child's bounds them, as for a child without classes.
        JsonObject other = awaitChild(vertx, "other", r -> r.getString("state").equals("quarantined"));
        assertThat(other.getInteger("restart_count")).isEqualTo(4);
        assertThat(other.getString("quarantine_reason"))
                .isEqualTo("restart budget exhausted (4 restarts per 3600000 ms)");
        assertThat(other.getJsonObject("restart_budget")
                        .getJsonObject("by_class")
                        .getJsonObject("failed_start")
                        .getInteger("tokens"))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a class the supervisor does not know is refused, naming the field")
    void unknownClass() {
        JsonObject child = withClass(verticle("db", FailingStartVerticle.class, "permanent", 10), "sometimes", 2);
        assertThatThrownBy(() -> SupervisionConfig.child(child, "children[0]", Path.of(".")))
                .isInstanceOf(FieldError.class)
                .hasMessageContaining("children[0].budget.by_class");
    }
}
