package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("--relay-watch")
class RelayWatchTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private RelayWatch watch() {
        return new RelayWatch(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Duration.ofMillis(20));
    }

    @Test
    @DisplayName("follows the relay across a restart: it subscribes again to the next relay at the same path")
    void followsARestart() throws Exception {
        Path socket = dir.resolve("relay.sock");
        ServerSocketChannel first = listen(socket);
        CompletableFuture<List<String>> hellos = CompletableFuture.supplyAsync(() -> {
            List<String> heard = new ArrayList<>();
            try {
                heard.addAll(serveOnce(first, "{\"op\":\"event\",\"n\":1}"));
                // The relay exits: its socket file goes with it, and a new relay binds the path a while later.
                Files.delete(socket);
                heard.addAll(serveOnce(listen(socket), "{\"op\":\"event\",\"n\":2}"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return heard;
        });

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> watch().watch(socket, 2));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("{\"op\":\"event\",\"n\":1}", "{\"op\":\"event\",\"n\":2}");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the relay closed the connection; waiting for the next one")
                .contains("connected to the relay again");
        assertThat(hellos.get())
                .as("each relay is asked to subscribe and for a snapshot")
                .filteredOn(line -> line.contains("\"op\":\"subscribe\""))
                .hasSize(2);
    }

    @Test
    @DisplayName("a path with no relay at the start is an error, not a wait")
    void noRelayAtTheStart() throws Exception {
        assertThat(watch().watch(dir.resolve("missing.sock"), 0)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no relay socket at");

        Path stale = dir.resolve("stale.sock");
        listen(stale).close();
        assertThat(Files.exists(stale)).as("a socket file nobody listens on").isTrue();
        assertThat(watch().watch(stale, 0)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot talk to the relay at " + stale);
    }

    private static ServerSocketChannel listen(Path socket) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Takes one client, reads its two request lines, sends one frame and closes; returns what the client said. */
    private static List<String> serveOnce(ServerSocketChannel server, String frame) throws Exception {
        try (server;
                SocketChannel client = server.accept()) {
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
            List<String> heard = List.of(reader.readLine(), reader.readLine());
            client.write(ByteBuffer.wrap((frame + "\n").getBytes(StandardCharsets.UTF_8)));
            return heard;
        }
    }
}
