package io.taumesh.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Atomic file writes")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("create missing directories, replace the whole file and leave no temp file behind")
    void replaceWhole() throws Exception {
        Path target = dir.resolve("a/b/state.json");
        AtomicFiles.write(target, "{\"v\":1,\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxx\"}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(target)).isEqualTo("{\"v\":2}");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    @DisplayName("a file that holds a secret is 0600, whole, with no temp file left")
    void ownerOnly() throws Exception {
        Path target = dir.resolve("node.json");
        AtomicFiles.writeOwnerOnly(target, "{\"token\":\"s\"}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeOwnerOnly(target, "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(target)).isEqualTo("{\"token\":\"t\"}");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(target);
        }
    }

    @Test
    @DisplayName("run off the event loop when asked from a verticle, in submission order")
    void asyncInOrder(Vertx vertx, VertxTestContext ctx) {
        Path target = dir.resolve("ordered.json");
        vertx.runOnContext(v -> {
            for (int i = 1; i <= 20; i++) {
                AtomicFiles.writeAsync(vertx, target, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            AtomicFiles.writeAsync(vertx, target, "{\"n\":21}".getBytes(StandardCharsets.UTF_8))
                    .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
                        assertThat(Files.readString(target)).isEqualTo("{\"n\":21}");
                        ctx.completeNow();
                    })));
        });
    }
}
