package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("HTTP input limits")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class InputLimitsTest {

    @Test
    @DisplayName(
            "a server with the mesh's options refuses oversized headers (431) and request lines (414) before its handler")
    void limits(Vertx vertx) throws Exception {
        HttpServer server = vertx.createHttpServer(InputLimits.httpServer("127.0.0.1", 0))
                .requestHandler(req -> req.response().end("ok"))
                .listen()
                .await(10, TimeUnit.SECONDS);
        int port = server.actualPort();
        assertThat(status(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(200);
        assertThat(status(
                        port,
                        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(InputLimits.MAX_HEADER_BYTES) + "\r\n\r\n"))
                .isEqualTo(431);
        assertThat(status(
                        port,
                        "GET /" + "p".repeat(InputLimits.MAX_INITIAL_LINE_BYTES) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isEqualTo(414);
        assertThat(InputLimits.httpServer("127.0.0.1", 0).getMaxWebSocketFrameSize())
                .isEqualTo(InputLimits.MAX_WEBSOCKET_FRAME_BYTES);
    }

    static int status(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
