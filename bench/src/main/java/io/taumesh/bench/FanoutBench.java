package io.taumesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Widget fan-out through the web UI's event-bus bridge: the latency from a widget view published on the bus
 * to its arrival at each of 1, 100 and 500 WebSocket clients, and the server's memory per client.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "Latency from a widget update on the bus to 1/100/500 bridge clients, and server memory per client.")
final class FanoutBench implements Callable<Integer> {

  static final double TARGET_P99_MS = 50;

  @Option(names = "--clients", split = ",", defaultValue = "1,100,500", description = "Client counts (default: ${DEFAULT-VALUE}).")
  List<Integer> clientCounts;

  @Option(names = "--seconds", defaultValue = "4", description = "Measuring time per client count (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--server-event-loops", defaultValue = "1",
      description = "Event loops of the web UI's JVM, as --event-loops of tau-mesh (default: ${DEFAULT-VALUE}).")
  int serverEventLoops;

  @Option(names = "--report", defaultValue = "bench/REPORT.md", description = "Report file to update (default: ${DEFAULT-VALUE}).")
  Path report;

  private record Row(int clients, Latencies latencies, long rssBeforeKb, long rssAfterKb) {
  }

  @Override
  public Integer call() throws Exception {
    Path jar = Path.of(FanoutBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "fanout-server", String.valueOf(serverEventLoops))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<Row> rows = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      int port = -1;
      Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
      for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) {
        Matcher m = url.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      if (port < 0) {
        throw new IllegalStateException("the fan-out server did not start");
      }
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000));
      Thread.sleep(1_000);
      for (int count : clientCounts) {
        long before = ProcessMemory.residentKib(server.pid());
        Latencies latencies = new Latencies();
        boolean[] measuring = {false};
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          WebSocket ws = client.connect(port, "127.0.0.1", "/eventbus/websocket").await(30, TimeUnit.SECONDS);
          ws.binaryMessageHandler(b -> sample(b, measuring, latencies));
          ws.textMessageHandler(t -> sample(Buffer.buffer(t), measuring, latencies));
          ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "ui.view.widgets").encode());
          sockets.add(ws);
        }
        Thread.sleep(1_000);
        long after = ProcessMemory.residentKib(server.pid());
        measuring[0] = true;
        Thread.sleep(seconds * 1_000L);
        measuring[0] = false;
        for (WebSocket ws : sockets) {
          ws.close();
        }
        rows.add(new Row(count, latencies, before, after));
        System.out.printf(Locale.ROOT, "fanout: %d clients, %d updates received, p50 %.2f ms, p99 %.2f ms%n", count, latencies.count(),
            latencies.percentileMicros(50) / 1000, latencies.percentileMicros(99) / 1000);
        Thread.sleep(1_000);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      server.getOutputStream().close();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    String markdown = render(rows, serverEventLoops);
    System.out.println(markdown);
    BenchReport.writeSection(report, serverEventLoops == 1 ? "fanout" : "fanout-" + serverEventLoops + "-loops", markdown);
    System.out.println("fanout: report section written to " + report);
    return 0;
  }

  /** Reads the stamp straight from the frame's text: 500 clients parsing every frame would load the measuring side. */
  private static void sample(Buffer frame, boolean[] measuring, Latencies latencies) {
    Instant now = Instant.now();
    if (!measuring[0]) {
      return;
    }
    String text = frame.toString(StandardCharsets.UTF_8);
    int at = text.indexOf("\"sent_us\":");
    if (at < 0) {
      return;
    }
    int start = at + 10;
    int end = start;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    long sent = Long.parseLong(text, start, end, 10);
    synchronized (latencies) {
      latencies.add((micros - sent) * 1_000);
    }
  }

  private static String render(List<Row> rows, int loops) {
    StringBuilder md = new StringBuilder("## Widget fan-out to browser clients, web UI on " + loops + " event loop(s)\n\n");
    md.append(BenchReport.machine()).append("\n\n");
    md.append("The web UI runs in its own JVM and publishes a widget view every 20 ms on `tau.dashboard.widgets`, "
        + "stamped with the wall clock in microseconds. Each client, a WebSocket on `/eventbus/websocket` registered on "
        + "`ui.view.widgets`, timestamps the update when it arrives. Memory: the server JVM's resident set after the clients "
        + "connected, less before, per client.\n\n");
    md.append("| clients | updates received | p50 (ms) | p99 (ms) | server RSS per client (KiB) |\n| ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %s |%n", r.clients(), r.latencies().count(),
          r.latencies().percentileMicros(50) / 1000, r.latencies().percentileMicros(99) / 1000,
          r.clients() >= 100 ? String.format(Locale.ROOT, "%.1f", (r.rssAfterKb() - r.rssBeforeKb()) / (double) r.clients()) : "–"));
    }
    Row largest = rows.get(rows.size() - 1);
    double p99 = largest.latencies().percentileMicros(99) / 1000;
    md.append(String.format(Locale.ROOT, "%nAt %d clients, p99 %.2f ms: target <= %.0f ms **%s**.%n", largest.clients(), p99, TARGET_P99_MS,
        p99 <= TARGET_P99_MS ? "met" : "missed"));
    return md.toString();
  }
}
