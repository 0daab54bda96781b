package io.taumesh.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Who can reach the relay, and how much one frame may carry. */
@DisplayName("IPC relay access control")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class RelayAccessTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "a socket in a directory the relay makes is 0600 in a 0700 directory; an oversized frame is refused and the client goes on")
    void privateSocketAndFrameLimit(Vertx vertx) throws Exception {
        Path path = dir.resolve("run").resolve("tau").resolve("relay.sock");
        vertx.deployVerticle(
                        new RelayVerticle(),
                        new DeploymentOptions()
                                .setConfig(new JsonObject()
                                        .put(
                                                "relay",
                                                new JsonObject()
                                                        .put("path", path.toString())
                                                        .put("max_frame_bytes", 1024)
                                                        .put("heartbeat_ms", 1000))))
                .await(30, TimeUnit.SECONDS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())))
                .isEqualTo("rwx------");
        // The private bind directory is gone once the socket is in place.
        try (var left = Files.list(path.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("relay.sock");
        }
        try (RelayTest.Client client = new RelayTest.Client(path)) {
            client.send("{\"op\":\"ping\",\"id\":\"" + "x".repeat(4096) + "\"}\n");
            JsonObject refused = client.next();
            assertThat(refused.getString("op")).isEqualTo("error");
            assertThat(refused.getString("error")).contains("frame over 1024 bytes");
            client.send("{\"op\":\"ping\",\"id\":\"after\"}\n");
            assertThat(client.next().getString("id")).isEqualTo("after");
        }
    }
}
