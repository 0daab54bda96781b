package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Supervision config")
class SupervisionConfigTest {

    private static JsonObject config(JsonObject... children) {
        return new JsonObject().put("schema_version", 1).put("children", new JsonArray(List.of((Object[]) children)));
    }

    private static JsonObject verticle(String id) {
        return new JsonObject().put("id", id).put("kind", "verticle").put("target", "x.Y");
    }

    private static void rejects(JsonObject root, String fieldPath, String reason) {
        assertThatThrownBy(() -> SupervisionConfig.parse(root, Path.of("/tmp")))
                .isInstanceOfSatisfying(FieldError.class, e -> {
                    assertThat(e.field()).isEqualTo(fieldPath);
                    assertThat(e.asFieldPath())
                            .startsWith("field_path=\"" + fieldPath + "\": ")
                            .contains(reason);
                });
    }

    @Test
    @DisplayName("reads children with their policies, budgets, backoff and defaults")
    void reads() throws Exception {
        JsonObject process = new JsonObject()
                .put("id", "relay")
                .put("kind", "process")
                .put("command", new JsonArray().add("sleep").add("5"))
                .put("restart", "transient")
                .put("budget", new JsonObject().put("capacity", 2).put("refill_period_ms", 1000))
                .put(
                        "backoff",
                        new JsonObject().put("initial_ms", 10).put("max_ms", 40).put("jitter", 0))
                .put("critical", true);
        SupervisionConfig c = SupervisionConfig.parse(config(verticle("gateway"), process), Path.of("/tmp/sup"));
        assertThat(c.children()).extracting(ChildSpec::id).containsExactly("gateway", "relay");
        ChildSpec gateway = c.children().get(0);
        assertThat(gateway.restart()).isEqualTo(RestartPolicy.PERMANENT);
        assertThat(gateway.budget().capacity()).isEqualTo(5);
        assertThat(gateway.threading()).isEqualTo(ChildThreading.EVENT_LOOP);
        ChildSpec relay = c.children().get(1);
        assertThat(relay.restart()).isEqualTo(RestartPolicy.TRANSIENT);
        assertThat(relay.launch().log()).isEqualTo(Path.of("/tmp/sup/logs/relay.log"));
        assertThat(relay.critical()).isTrue();
        assertThat(relay.backoff().delay(1, 0.5)).isEqualTo(10);
        assertThat(relay.backoff().delay(2, 0.5)).isEqualTo(20);
        assertThat(relay.backoff().delay(5, 0.5)).isEqualTo(40);
        assertThat(c.controlLoopIntervalMs()).isEqualTo(100);
    }

    @Test
    @DisplayName("names the field of every error: field_path=...")
    void errors() {
        rejects(new JsonObject().put("children", new JsonArray()), "schema_version", "must be 1");
        rejects(new JsonObject().put("schema_version", 1), "children", "is required");
        rejects(config(verticle("a"), verticle("a")), "children[1].id", "used by another child");
        rejects(config(verticle("Bad Id")), "children[0].id", "[a-z0-9._-]");
        rejects(
                config(new JsonObject().put("id", "a").put("kind", "thread")),
                "children[0].kind",
                "verticle or process");
        rejects(config(new JsonObject().put("id", "a").put("kind", "verticle")), "children[0].target", "is required");
        rejects(
                config(new JsonObject().put("id", "a").put("kind", "process").put("command", new JsonArray())),
                "children[0].command",
                "non-empty array");
        rejects(
                config(verticle("a").put("restart", "sometimes")),
                "children[0].restart",
                "permanent, transient or temporary");
        rejects(
                config(verticle("a").put("budget", new JsonObject().put("capacity", 0))),
                "children[0].budget.capacity",
                "from 1");
        rejects(
                config(verticle("a")
                        .put("backoff", new JsonObject().put("initial_ms", 50).put("max_ms", 10))),
                "children[0].backoff.max_ms",
                "below initial_ms");
        rejects(
                config(verticle("a").put("backoff", new JsonObject().put("jitter", 2))),
                "children[0].backoff.jitter",
                "from 0 to 1");
        rejects(
                config(verticle("a").put("backoff", new JsonObject().put("reset_after_ms", -1))),
                "children[0].backoff.reset_after_ms",
                "from 0");
        rejects(config(verticle("a").put("critical", "yes")), "children[0].critical", "true or false");
        rejects(config(verticle("a").put("retsart", "permanent")), "children[0].retsart", "unknown field");
        rejects(
                config(verticle("a")).put("supervisor", new JsonObject().put("control_loop_interval_ms", 1)),
                "supervisor.control_loop_interval_ms",
                "from 10");
    }

    @Test
    @DisplayName("a backoff starts over after a run longer than reset_after_ms, twice max_ms when not given")
    void backoffReset() {
        SupervisionConfig c = SupervisionConfig.parse(
                config(
                        verticle("a").put("backoff", new JsonObject().put("max_ms", 2_000)),
                        verticle("b")
                                .put(
                                        "backoff",
                                        new JsonObject().put("max_ms", 2_000).put("reset_after_ms", 60_000))),
                Path.of("/tmp"));
        assertThat(c.children().get(0).backoff().resetAfter()).isEqualTo(4_000);
        assertThat(c.children().get(1).backoff().resetAfter()).isEqualTo(60_000);
    }

    @Test
    @DisplayName("a token bucket spends one token a restart and refills over its period")
    void tokenBucket() {
        TokenBucket bucket = new TokenBucket(2, 1_000, 0);
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tokens(0)).isZero();
        assertThat(bucket.tokens(500)).isEqualTo(1);
        assertThat(bucket.tokens(10_000)).isEqualTo(2);
    }

    @Test
    @DisplayName(
            "restart policies: permanent always, transient after abnormal exits, temporary never, none after a cancel")
    void policies() {
        TaskExit completed = TaskExit.of(ExitKind.COMPLETED, "");
        TaskExit panicked = TaskExit.of(ExitKind.PANICKED, "boom");
        TaskExit cancelled = TaskExit.of(ExitKind.CANCELLED, "");
        assertThat(RestartPolicy.PERMANENT.restartsAfter(completed)).isTrue();
        assertThat(RestartPolicy.PERMANENT.restartsAfter(cancelled)).isFalse();
        assertThat(RestartPolicy.TRANSIENT.restartsAfter(completed)).isFalse();
        assertThat(RestartPolicy.TRANSIENT.restartsAfter(panicked)).isTrue();
        assertThat(RestartPolicy.TEMPORARY.restartsAfter(panicked)).isFalse();
        assertThat(panicked.display()).isEqualTo("TaskExit::Panicked(boom)");
    }
}
