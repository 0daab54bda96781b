package io.taumesh.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.MalformedCorpus;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed frame of the corpus, on one connection: each gets an error naming its field, and the connection goes on. */
@DisplayName("Malformed relay frames")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class MalformedRelayFrameTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("each frame is answered with an error naming the field, and a ping after all of them is answered")
    void corpus(Vertx vertx) throws Exception {
        Path path = dir.resolve("relay.sock");
        vertx.deployVerticle(
                        new RelayVerticle(),
                        new DeploymentOptions()
                                .setConfig(new JsonObject()
                                        .put(
                                                "relay",
                                                new JsonObject()
                                                        .put("path", path.toString())
                                                        .put("heartbeat_ms", 60_000))))
                .await(30, TimeUnit.SECONDS);
        List<MalformedCorpus.Case> cases = MalformedCorpus.cases("relay-frame");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
        try (RelayTest.Client client = new RelayTest.Client(path)) {
            for (MalformedCorpus.Case c : cases) {
                client.send(new String(c.bytes(), StandardCharsets.UTF_8));
                JsonObject answer = client.next();
                assertThat(answer.getString("op")).as("%s: %s", c, answer).isEqualTo("error");
                switch (c.field()) {
                    case "$" ->
                        assertThat(answer.getString("error")).as("%s", c).isEqualTo("frame is not a JSON object");
                    case "-oversize-" ->
                        assertThat(answer.getString("error")).as("%s", c).contains("frame over");
                    default ->
                        assertThat(answer.getString("field"))
                                .as("%s: %s", c, answer)
                                .isEqualTo(c.field());
                }
                assertThat(answer.encode().length())
                        .as("%s: the error does not echo the frame", c)
                        .isLessThan(1024);
            }
            client.send("{\"op\":\"ping\",\"id\":\"after-the-corpus\"}\n");
            assertThat(client.next())
                    .isEqualTo(new JsonObject().put("op", "pong").put("id", "after-the-corpus"));
        }
    }
}
