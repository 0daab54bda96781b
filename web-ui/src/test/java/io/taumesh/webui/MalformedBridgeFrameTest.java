package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.testing.MalformedCorpus;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every malformed bridge frame of the corpus is refused before it reaches the mesh; the bridge goes on serving. */
@DisplayName("Malformed bridge frames")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class MalformedBridgeFrameTest {

    @Test
    @DisplayName(
            "each frame gets an error (or its connection closed), none reaches a mesh address, and a page after them works")
    void corpus(Vertx vertx) throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        for (String address :
                List.of(Addresses.GATEWAY_CONTROL, Addresses.DASHBOARD_CONTROL, Addresses.SUPERVISOR_COMMAND)) {
            vertx.eventBus()
                    .<JsonObject>consumer(address, m -> {
                        reached.add(address);
                        MeshBus.reply(m, new JsonObject().put("result", "accepted"));
                    })
                    .completion()
                    .await(10, TimeUnit.SECONDS);
        }
        WebUiVerticle ui = new WebUiVerticle();
        vertx.deployVerticle(
                        ui,
                        new DeploymentOptions()
                                .setConfig(new JsonObject()
                                        .put(
                                                "webui",
                                                new JsonObject()
                                                        .put("host", "127.0.0.1")
                                                        .put("port", 0)
                                                        .put("token", UiAccessTest.TOKEN))))
                .await(30, TimeUnit.SECONDS);
        List<MalformedCorpus.Case> cases = MalformedCorpus.cases("bridge-frame");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
        for (MalformedCorpus.Case c : cases) {
            try (UiAccessTest.Page page = new UiAccessTest.Page(ui.port())) {
                page.socket
                        .sendText(new String(c.bytes(), StandardCharsets.UTF_8), true)
                        .get(10, TimeUnit.SECONDS);
                Awaitility.await(c + ": an error or a closed connection")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> page.closed.isDone()
                                || page.frames.stream().anyMatch(f -> "err".equals(f.getString("type"))));
            }
        }
        assertThat(reached).as("frames that reached the mesh").isEmpty();
        try (UiAccessTest.Page page = new UiAccessTest.Page(ui.port())) {
            page.send(new JsonObject().put("type", "register").put("address", Addresses.UI_VIEW_AUDIT));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                vertx.eventBus().publish(Addresses.UI_VIEW_AUDIT, new JsonObject().put("probe", true));
                assertThat(page.frames.poll(200, TimeUnit.MILLISECONDS)).isNotNull();
            });
        }
    }
}
