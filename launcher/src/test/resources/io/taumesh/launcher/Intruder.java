// Another local user's attempts on a running mesh, one entrance per mode, run by SharedHostIT under an unprivileged
// uid with the JDK's single-file launcher (java Intruder.java MODE ARGS): only the JDK, nothing of the mesh's.
// Prints one line per attempt, "refused: ..." or "ACCEPTED: ...", and exits 0 when every attempt was refused.
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public class Intruder {

  static boolean accepted;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "bus" -> bus(args[1], Integer.parseInt(args[2]));
      case "ops" -> ops(args[1]);
      case "file" -> file(Path.of(args[1]));
      case "socket" -> socket(Path.of(args[1]));
      case "bridge" -> bridge(Integer.parseInt(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    System.exit(accepted ? 3 : 0);
  }

  static void say(boolean wasAccepted, String what) {
    accepted |= wasAccepted;
    System.out.println((wasAccepted ? "ACCEPTED: " : "refused: ") + what);
  }

  /** A frame for tau.supervisor.command sent in the clear, then a TLS handshake with no certificate of the mesh. */
  static void bus(String host, int port) throws Exception {
    byte[] body = "{\"schema_version\":1,\"command\":\"quarantine\",\"child_id\":\"gateway\"}".getBytes(StandardCharsets.UTF_8);
    byte[] address = "tau.supervisor.command".getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(64 + body.length + address.length);
    frame.putInt(0).put((byte) 1).put((byte) 13).put((byte) 1).putInt(address.length).put(address).putInt(body.length).put(body);
    frame.putInt(0, frame.position() - 4).flip();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 3000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(frame.array(), 0, frame.limit());
      out.flush();
      InputStream in = socket.getInputStream();
      int read;
      try {
        read = in.read(new byte[512]);
      } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
        read = -1;
      }
      // A TLS server answers clear bytes with an alert or by closing; either way nothing is delivered.
      say(false, "a frame in the clear on the event-bus port: the server " + (read < 0 ? "closed the connection" : "answered "
          + read + " bytes of TLS alert"));
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] chain, String type) {
      }

      public void checkServerTrusted(X509Certificate[] chain, String type) {
      }

      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(host, port), 3000);
      socket.setSoTimeout(5000);
      socket.startHandshake();
      socket.getOutputStream().write(frame.array(), 0, frame.limit());
      socket.getOutputStream().flush();
      int read = socket.getInputStream().read();
      say(read >= 0, "a TLS handshake without the mesh's certificate: " + (read < 0 ? "closed after it" : "the server talks"));
    } catch (java.io.IOException e) {
      say(false, "a TLS handshake without the mesh's certificate: " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  /** The ops endpoint's mesh routes without the token: a read and a command. */
  static void ops(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(url + "/mesh/supervisor/state")).build(),
        HttpResponse.BodyHandlers.ofString());
    say(read.statusCode() == 200, "GET /mesh/supervisor/state without the ops token: " + read.statusCode());
    HttpResponse<String> command = http.send(HttpRequest.newBuilder(URI.create(url + "/mesh/supervisor/command"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"schema_version\":1,\"command\":\"quarantine\",\"child_id\":\"gateway\"}")).build(), HttpResponse.BodyHandlers.ofString());
    say(command.statusCode() == 200, "POST /mesh/supervisor/command without the ops token: " + command.statusCode());
  }

  /** A file of the mesh's owner: the discovery file with the ops token, the credentials. */
  static void file(Path path) {
    try {
      Files.readAllBytes(path);
      say(true, "read " + path);
    } catch (java.io.IOException e) {
      say(false, "read " + path + ": " + e.getClass().getSimpleName());
    }
  }

  /** The relay's socket. */
  static void socket(Path path) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(path));
      say(true, "connected to the relay's socket " + path);
    } catch (java.io.IOException e) {
      say(false, "connect to the relay's socket " + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  /** The web UI's bridge, as a page with no token: a snapshot, then a control action. */
  static void bridge(int port) throws Exception {
    CompletableFuture<String> answer = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), new WebSocket.Listener() {
          final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            return frame(w, data, last);
          }

          // The bridge writes its frames as binary WebSocket frames (JSON text inside).
          @Override
          public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            return frame(w, StandardCharsets.UTF_8.decode(data), last);
          }

          private CompletionStage<?> frame(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              String frame = text.toString();
              text.setLength(0);
              if (frame.contains("\"snap\"") || frame.contains("\"err\"") || frame.contains("\"ctl\"")) {
                answer.complete(frame);
              }
            }
            w.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText("{\"type\":\"send\",\"address\":\"ui.control\",\"replyAddress\":\"snap\",\"body\":{\"op\":\"snapshot\"}}", true);
    String snapshot = answer.get(10, TimeUnit.SECONDS);
    say(!snapshot.contains("\"err\""), "a snapshot on the bridge without the operator token: " + shorten(snapshot));
    CompletableFuture<String> control = new CompletableFuture<>();
    WebSocket ws2 = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            control.complete(data.toString());
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            control.complete(StandardCharsets.UTF_8.decode(data).toString());
            w.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws2.sendText("{\"type\":\"send\",\"address\":\"ui.control\",\"replyAddress\":\"ctl\",\"body\":{\"action\":"
        + "{\"target\":\"supervisor\",\"action\":\"quarantine_child\",\"child_id\":\"gateway\"}}}", true);
    String reply = control.get(10, TimeUnit.SECONDS);
    say(!reply.contains("\"err\""), "a control action on the bridge without the operator token: " + shorten(reply));
    ws.abort();
    ws2.abort();
  }

  static String shorten(String frame) {
    return frame.length() > 160 ? frame.substring(0, 160) + "..." : frame;
  }
}
