package io.taumesh.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Web UI server")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class UiBridgeTest {

  private static WebUiVerticle start(Vertx vertx) throws Exception {
    WebUiVerticle ui = new WebUiVerticle();
    vertx.deployVerticle(ui, new DeploymentOptions().setConfig(new JsonObject().put("webui",
        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", "unit-test-token-000000"))))
        .await(30, TimeUnit.SECONDS);
    return ui;
  }

  @Test
  @DisplayName("serves the page with nothing loaded from another host")
  void page(Vertx vertx) throws Exception {
    WebUiVerticle ui = start(vertx);
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Tau Mesh</title>").contains("bus.js").doesNotContain("src=\"http").doesNotContain("href=\"http");
  }

  @Test
  @DisplayName("refuses a WebSocket opened by a page of another origin, and takes one from its own")
  void origin(Vertx vertx) throws Exception {
    WebUiVerticle ui = start(vertx);
    URI bridge = URI.create("ws://127.0.0.1:" + ui.port() + "/eventbus/websocket");
    WebSocket.Listener quiet = new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
      }
    };
    assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://evil.example")
        .buildAsync(bridge, quiet).get(10, TimeUnit.SECONDS)).rootCause().hasMessageContaining("403");
    WebSocket own = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + ui.port())
        .buildAsync(bridge, quiet).get(10, TimeUnit.SECONDS);
    own.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a client that drops its connection without a close frame is not an error in the log")
  void abruptDisconnectIsQuiet(Vertx vertx) throws Exception {
    ConsoleLogging.configure();
    List<LogRecord> errors = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
          errors.add(record);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      WebUiVerticle ui = start(vertx);
      URI bridge = URI.create("ws://127.0.0.1:" + ui.port() + "/eventbus/websocket");
      List<String> frames = new CopyOnWriteArrayList<>();
      WebSocket.Listener listener = new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
          frames.add(data.toString());
          webSocket.request(1);
          return null;
        }
      };
      for (int i = 0; i < 5; i++) {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + ui.port())
            .buildAsync(bridge, listener).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"register\",\"address\":\"ui.view.widgets\"}", true).get(10, TimeUnit.SECONDS);
        socket.abort();
      }
      // The server is still serving: a fresh client gets its snapshot answered.
      WebSocket last = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + ui.port())
          .buildAsync(bridge, listener).get(10, TimeUnit.SECONDS);
      last.sendText("{\"type\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
      last.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
      vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(30, TimeUnit.SECONDS);
      assertThat(errors).extracting(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown()).isEmpty();
    } finally {
      root.removeHandler(capture);
    }
  }
}
