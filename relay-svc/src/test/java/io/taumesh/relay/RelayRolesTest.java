package io.taumesh.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.security.OperatorsFile;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OperatorsFiles;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The relay's socket once the node names operators: its file mode alone is no role. */
@DisplayName("IPC relay: named operators and their roles on control frames")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class RelayRolesTest {

    static final String VERA = "vera-secret-0123456789abcdef";
    static final String OTTO = "otto-secret-0123456789abcdef";
    static final String ELLA = "ella-secret-0123456789abcdef";

    @TempDir
    Path dir;

    private static String control(String id, String action, String secret) {
        JsonObject frame = new JsonObject()
                .put("op", "control")
                .put("id", id)
                .put("action", new JsonObject().put("target", "gateway").put("action", action));
        if (secret != null) {
            frame.put("secret", secret);
        }
        return frame.encode() + "\n";
    }

    @Test
    @DisplayName("a control frame needs a named operator's secret whose role permits the action; refusals are error "
            + "frames, counted and audited; what passes names its operator")
    void roles(Vertx vertx) throws Exception {
        Instant ellaUntil = Instant.parse("2026-01-01T00:00:00Z");
        Path operators = OperatorsFiles.write(
                dir.resolve("operators.json"),
                OperatorsFiles.named("vera", "viewer", VERA),
                OperatorsFiles.named("otto", "operator", OTTO),
                OperatorsFiles.named("ella", "admin", ELLA).put("expires_at", ellaUntil.toString()));
        List<String> origins = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.DASHBOARD_CONTROL, m -> {
            origins.add(m.headers().get(ActionOrigin.HEADER));
            MeshBus.reply(m, new JsonObject().put("result", "accepted"));
        });
        List<JsonObject> refused = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.audit(MeshService.DASHBOARD), m -> {
            refused.add(m.body().getJsonObject("refused"));
            m.reply(new JsonObject());
        });
        Path path = dir.resolve("relay.sock");
        vertx.deployVerticle(
                        new RelayVerticle(),
                        new DeploymentOptions()
                                .setConfig(OperatorsFile.toConfig(operators)
                                        .put("relay", new JsonObject().put("path", path.toString()))))
                .await(30, TimeUnit.SECONDS);
        try (RelayTest.Client client = new RelayTest.Client(path)) {
            client.send(control("c1", "pause", null));
            JsonObject none = client.next();
            assertThat(none.getString("op")).isEqualTo("error");
            assertThat(none.getString("field")).isEqualTo("secret");
            assertThat(none.getString("error")).contains("is required: this node names operators");
            client.send(control("c2", "pause", VERA));
            assertThat(client.next().getString("error"))
                    .isEqualTo("secret: vera (viewer) may not pause: it needs the operator role");
            client.send(control("c3", "pause", ELLA));
            assertThat(client.next().getString("error")).contains("ella's secret expired at " + ellaUntil);
            client.send(control("c4", "pause", "guessed-0123456789abcdef"));
            assertThat(client.next().getString("error")).contains("signs in as nobody");
            client.send(control("c5", "pause", OTTO));
            JsonObject applied = client.next();
            assertThat(applied.getString("op")).isEqualTo("control_result");
            assertThat(applied.getJsonObject("result").getString("result")).isEqualTo("accepted");
        }
        assertThat(origins).containsExactly("relay as otto");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 4);
        assertThat(refused)
                .allSatisfy(r -> assertThat(r.getJsonObject("source").getString("origin"))
                        .isEqualTo("relay"));
        assertThat(refused)
                .extracting(r -> r.getString("reason"))
                .contains("vera (viewer) may not pause: it needs the operator role");
        assertThat(MeshMetrics.of(vertx)
                        .get("tau_relay_rejected_frames")
                        .tag("reason", "refused")
                        .counter()
                        .count())
                .isEqualTo(4);
    }
}
