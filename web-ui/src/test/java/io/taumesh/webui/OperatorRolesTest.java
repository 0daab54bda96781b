package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.security.OperatorRole;
import io.taumesh.core.security.OperatorsFile;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OperatorsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Named operators and their roles, where the page's actions enter")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class OperatorRolesTest {

    static final String TOKEN = "unit-test-token-000000";
    static final String VIEWER = "viewer-secret-0123456789abcdef";
    static final String OPERATOR = "operator-secret-0123456789abcdef";

    @TempDir
    Path dir;

    /** Stands in for the dashboard: accepts every action it is sent, keeping it and its origin. */
    private static void dashboard(Vertx vertx, List<JsonObject> applied, List<String> origins) throws Exception {
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.DASHBOARD_CONTROL, msg -> {
                    applied.add(msg.body());
                    origins.add(msg.headers().get(ActionOrigin.HEADER));
                    MeshBus.reply(
                            msg, new JsonObject().put("result", "accepted").put("reason", "done"));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
    }

    /** Stands in for the dashboard's audit trail: keeps the refusals entrances report to it. */
    private static List<JsonObject> refusals(Vertx vertx) throws Exception {
        List<JsonObject> refused = new CopyOnWriteArrayList<>();
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.audit(MeshService.DASHBOARD), msg -> {
                    // The snapshot asks for the trail here too; the refusals come as {"refused": ...}.
                    if (msg.body() != null && msg.body().containsKey("refused")) {
                        refused.add(msg.body().getJsonObject("refused"));
                    }
                    msg.reply(new JsonObject().put("entries", new JsonArray()));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
        return refused;
    }

    @Test
    @DisplayName(
            "at the bridge: each signs in and reads; an action its role does not permit is refused, counted and audited with who asked")
    void enforcedAtTheBridge(Vertx vertx) throws Exception {
        Path file = OperatorsFiles.write(
                dir.resolve("operators.json"),
                OperatorsFiles.named("vera", "viewer", VIEWER),
                OperatorsFiles.named("otto", "operator", OPERATOR));
        List<JsonObject> applied = new CopyOnWriteArrayList<>();
        List<String> origins = new CopyOnWriteArrayList<>();
        dashboard(vertx, applied, origins);
        List<JsonObject> refused = refusals(vertx);
        WebUiVerticle ui = UiBridgeTest.start(vertx, new JsonObject(), OperatorsFile.toConfig(file));
        try (UiBridgeTest.BridgeClient page = new UiBridgeTest.BridgeClient(ui.port())) {
            JsonObject signedIn = ask(
                            page, "r-1", new JsonObject().put("op", "snapshot").put("token", VIEWER))
                    .getJsonObject("body")
                    .getJsonObject("signed_in");
            assertThat(signedIn)
                    .as("a viewer reads, and is told who signed in")
                    .isEqualTo(new JsonObject()
                            .put("name", "vera")
                            .put("role", "viewer")
                            .put(
                                    "operator_actions",
                                    new JsonArray(List.copyOf(new TreeSet<>(OperatorRole.OPERATOR_ACTIONS)))));
            assertThat(ask(page, "r-2", action(VIEWER, "pause")).getString("type"))
                    .isEqualTo("err");
            assertThat(ask(page, "r-3", action(OPERATOR, "pause"))
                            .getJsonObject("body")
                            .getString("result"))
                    .isEqualTo("accepted");
            assertThat(ask(page, "r-4", action(OPERATOR, "quarantine_child")).getString("type"))
                    .isEqualTo("err");
            assertThat(ask(page, "r-5", action(TOKEN, "quarantine_child"))
                            .getJsonObject("body")
                            .getString("result"))
                    .isEqualTo("accepted");
        }
        assertThat(applied).extracting(a -> a.getString("action")).containsExactly("pause", "quarantine_child");
        assertThat(origins.get(0)).startsWith("web-ui 127.0.0.1:").endsWith(" as otto");
        assertThat(origins.get(1)).endsWith(" as operator");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 2);
        assertThat(refused)
                .extracting(r -> r.getString("reason"))
                .containsExactlyInAnyOrder(
                        "vera (viewer) may not pause: it needs the operator role",
                        "otto (operator) may not quarantine_child: it needs the admin role");
        assertThat(refused)
                .allSatisfy(r -> assertThat(r.getJsonObject("source").getString("origin"))
                        .matches("web-ui 127\\.0\\.0\\.1:\\d+ as (vera|otto)"));
        MeterRegistry registry = MeshMetrics.of(vertx);
        assertThat(registry.get("tau_webui_refused_actions")
                        .tag("reason", "role")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("a secret past its expires_at reads nothing and does nothing: the page is told whose, since when and "
            + "what to do; the action is counted and audited as expired")
    void expiredAtTheBridge(Vertx vertx) throws Exception {
        Instant past = Instant.now().minusSeconds(60);
        Path file = OperatorsFiles.write(
                dir.resolve("operators.json"),
                OperatorsFiles.named("ella", "admin", VIEWER).put("expires_at", past.toString()));
        List<JsonObject> applied = new CopyOnWriteArrayList<>();
        dashboard(vertx, applied, new CopyOnWriteArrayList<>());
        List<JsonObject> refused = refusals(vertx);
        WebUiVerticle ui = UiBridgeTest.start(vertx, new JsonObject(), OperatorsFile.toConfig(file));
        try (UiBridgeTest.BridgeClient page = new UiBridgeTest.BridgeClient(ui.port())) {
            JsonObject snapshot = ask(
                            page, "r-1", new JsonObject().put("op", "snapshot").put("token", VIEWER))
                    .getJsonObject("body");
            assertThat(snapshot.getString("sign_in_expired")).isEqualTo("ella");
            assertThat(snapshot.getString("expired_at")).isEqualTo(past.toString());
            assertThat(snapshot.getString("what_to_do")).contains("--operator-add ella");
            assertThat(snapshot.containsKey("views")).as("nothing of the mesh").isFalse();
            JsonObject acted = ask(page, "r-2", action(VIEWER, "pause")).getJsonObject("body");
            assertThat(acted.getString("sign_in_expired")).isEqualTo("ella");
        }
        assertThat(applied).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 1);
        assertThat(refused.get(0).getString("reason")).isEqualTo("ella's secret expired at " + past);
        assertThat(MeshMetrics.of(vertx)
                        .get("tau_webui_refused_actions")
                        .tag("reason", "expired")
                        .counter()
                        .count())
                .as("the snapshot and the action")
                .isEqualTo(2);
    }

    private static JsonObject action(String secret, String name) {
        JsonObject action = new JsonObject().put("target", "gateway").put("action", name);
        if (name.endsWith("_child")) {
            action.put("target", "supervisor").put("child_id", "gateway");
        }
        return new JsonObject().put("action", action).put("token", secret);
    }

    private static JsonObject ask(UiBridgeTest.BridgeClient page, String reply, JsonObject body) throws Exception {
        page.send(new JsonObject()
                .put("type", "send")
                .put("address", "ui.control")
                .put("replyAddress", reply)
                .put("body", body));
        return page.nextAnswer();
    }
}
