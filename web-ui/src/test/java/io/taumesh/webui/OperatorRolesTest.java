package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.security.OperatorToken;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static JsonObject book(JsonObject... operators) {
        return new JsonObject().put("schema_version", 1).put("operators", new JsonArray(List.of((Object[]) operators)));
    }

    private static JsonObject entry(String name, String role, String secret) {
        return new JsonObject().put("name", name).put("role", role).put("secret_sha256", OperatorBook.hex(secret));
    }

    @Test
    @DisplayName("a secret signs in as its operator, the token as the admin 'operator'; a wrong one as nobody")
    void signIn() {
        OperatorBook book = OperatorBook.parse(
                OperatorToken.of(TOKEN), book(entry("vera", "viewer", VIEWER), entry("otto", "operator", OPERATOR)));
        assertThat(book.signIn(VIEWER)).contains(new OperatorBook.Operator("vera", OperatorRole.VIEWER));
        assertThat(book.signIn(OPERATOR)).contains(new OperatorBook.Operator("otto", OperatorRole.OPERATOR));
        assertThat(book.signIn(TOKEN)).contains(new OperatorBook.Operator("operator", OperatorRole.ADMIN));
        assertThat(book.signIn("guessed-0123456789abcdef")).isEmpty();
        assertThat(book.signIn(null)).isEmpty();
    }

    @Test
    @DisplayName("a bad operators file is refused naming the field")
    void badFile() {
        OperatorToken token = OperatorToken.of(TOKEN);
        assertThatThrownBy(() -> OperatorBook.parse(token, book(entry("vera", "boss", VIEWER))))
                .isInstanceOf(FieldError.class)
                .hasMessage("operators[0].role: must be one of viewer, operator, admin, got \"boss\"");
        assertThatThrownBy(() -> OperatorBook.parse(token, book(entry("Vera!", "viewer", VIEWER))))
                .hasMessageStartingWith("operators[0].name: must be 1-64 characters of [a-z0-9._-]");
        assertThatThrownBy(() -> OperatorBook.parse(token, book(entry("operator", "viewer", VIEWER))))
                .hasMessageStartingWith("operators[0].name: 'operator' is used by another operator");
        assertThatThrownBy(() -> OperatorBook.parse(
                        token, book(entry("vera", "viewer", VIEWER).put("secret_sha256", "abc"))))
                .hasMessage("operators[0].secret_sha256: must be the 64 lowercase hex digits of a SHA-256");
        assertThatThrownBy(() -> OperatorBook.parse(token, new JsonObject().put("schema_version", 2)))
                .hasMessageStartingWith("schema_version: must be 1");
    }

    @Test
    @DisplayName("the roles: a viewer takes no action, an operator the day-to-day ones, an admin every one")
    void roles() {
        assertThat(OperatorRole.VIEWER.permits("pause")).isFalse();
        assertThat(OperatorRole.OPERATOR.permits("pause")).isTrue();
        assertThat(OperatorRole.OPERATOR.permits("restart_child")).isTrue();
        assertThat(OperatorRole.OPERATOR.permits("quarantine_child")).isFalse();
        assertThat(OperatorRole.OPERATOR.permits("canary_abort")).isFalse();
        assertThat(OperatorRole.OPERATOR.permits(null)).isFalse();
        assertThat(OperatorRole.ADMIN.permits("quarantine_child")).isTrue();
        assertThat(OperatorRole.needed("canary_signoff")).isEqualTo(OperatorRole.ADMIN);
    }

    @Test
    @DisplayName(
            "at the bridge: each signs in and reads; an action its role does not permit is refused, counted and audited with who asked")
    void enforcedAtTheBridge(Vertx vertx) throws Exception {
        Path file = dir.resolve("operators.json");
        Files.writeString(
                file,
                book(entry("vera", "viewer", VIEWER), entry("otto", "operator", OPERATOR))
                        .encode());
        List<JsonObject> applied = new CopyOnWriteArrayList<>();
        List<String> origins = new CopyOnWriteArrayList<>();
        vertx.eventBus()
                .<JsonObject>consumer(Addresses.DASHBOARD_CONTROL, msg -> {
                    applied.add(msg.body());
                    origins.add(msg.headers().get(ActionOrigin.HEADER));
                    MeshBus.reply(
                            msg, new JsonObject().put("result", "accepted").put("reason", "done"));
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
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
        WebUiVerticle ui = UiBridgeTest.start(vertx, new JsonObject().put("operators_file", file.toString()));
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
