package io.taumesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * to its arrival at each of 1, 100, 500 and 2,000 WebSocket clients, and the server's memory per client.
 */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        description =
                "Latency from a widget update on the bus to 1/100/500/2000 bridge clients, and server memory per client.")
final class FanoutBench implements Callable<Integer> {

    static final double TARGET_P99_MS = 50;

    static final double TARGET_KIB_PER_CLIENT = 64;

    @Option(
            names = "--clients",
            split = ",",
            defaultValue = "1,100,500,2000",
            description = "Client counts (default: ${DEFAULT-VALUE}).")
    List<Integer> clientCounts;

    @Option(
            names = "--frames-per-second",
            defaultValue = "20000",
            description =
                    "Frames per second the server writes in all at most: the update interval is 20 ms or longer, so that "
                            + "the clients, on the same cores, keep up (default: ${DEFAULT-VALUE}).")
    int framesPerSecond;

    @Option(
            names = "--seconds",
            defaultValue = "4",
            description = "Measuring time per client count (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--server-event-loops",
            defaultValue = "1",
            description = "Event loops of the web UI's JVM, as --event-loops of tau-mesh (default: ${DEFAULT-VALUE}).")
    int serverEventLoops;

    @Option(names = "--server-jvm-option", description = "An extra JVM option of the server's JVM (a profiler, say).")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    private record Row(
            int clients,
            long intervalMs,
            Latencies latencies,
            long expected,
            int disconnected,
            long rssBeforeKb,
            long rssAfterKb,
            long heapBefore,
            long heapAfter) {
        double rssKibPerClient() {
            return (rssAfterKb - rssBeforeKb) / (double) clients;
        }

        double heapKibPerClient() {
            return (heapAfter - heapBefore) / 1024.0 / clients;
        }
    }

    @Override
    public Integer call() throws Exception {
        Path jar = Path.of(FanoutBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> serverCommand = new ArrayList<>(List.of(java, "-Xmx512m"));
        serverCommand.addAll(serverJvmOptions);
        serverCommand.addAll(List.of("-jar", jar.toString(), "fanout-server", String.valueOf(serverEventLoops)));
        Process server = new ProcessBuilder(serverCommand)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<Row> rows = new ArrayList<>();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
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
            WebSocketClient client =
                    vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
            Thread.sleep(1_000);
            for (int count : clientCounts) {
                long interval = Math.max(20, (long) Math.ceil(count * 1000.0 / framesPerSecond));
                command(server, "interval " + interval);
                long heapBefore = liveHeap(server, out);
                long before = ProcessMemory.residentKib(server.pid());
                Latencies latencies = new Latencies();
                boolean[] measuring = {false};
                List<WebSocket> sockets = new ArrayList<>();
                java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
                for (int i = 0; i < count; i++) {
                    // As a page does: it connects, shows the token with its snapshot request, and hears every view from
                    // then on
                    // without registering for one.
                    WebSocket ws = client.connect(port, "127.0.0.1", "/eventbus/websocket")
                            .await(30, TimeUnit.SECONDS);
                    ws.binaryMessageHandler(b -> sample(b, measuring, latencies));
                    ws.textMessageHandler(t -> sample(Buffer.buffer(t), measuring, latencies));
                    ws.writeTextMessage(FanoutServer.ADMIT);
                    // As the page does: the bridge closes a socket that has not pinged for 10 s.
                    long pinger = vertx.setPeriodic(5_000, id -> ws.writeTextMessage("{\"type\":\"ping\"}"));
                    ws.closeHandler(v -> {
                        vertx.cancelTimer(pinger);
                        closed.incrementAndGet();
                    });
                    sockets.add(ws);
                }
                Thread.sleep(1_000);
                long after = ProcessMemory.residentKib(server.pid());
                long heapAfter = liveHeap(server, out);
                measuring[0] = true;
                Thread.sleep(seconds * 1_000L);
                measuring[0] = false;
                int disconnected = closed.get();
                for (WebSocket ws : sockets) {
                    ws.close();
                }
                rows.add(new Row(
                        count,
                        interval,
                        latencies,
                        (long) count * seconds * 1000 / interval,
                        disconnected,
                        before,
                        after,
                        heapBefore,
                        heapAfter));
                System.out.printf(
                        Locale.ROOT,
                        "fanout: %d clients, %d updates received, p50 %.2f ms, p99 %.2f ms%n",
                        count,
                        latencies.count(),
                        latencies.percentileMicros(50) / 1000,
                        latencies.percentileMicros(99) / 1000);
                Thread.sleep(1_000);
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        String markdown = render(rows, serverEventLoops, framesPerSecond) + "\n"
                + SvgChart.write(
                        report,
                        serverEventLoops == 1 ? "fanout-latency" : "fanout-latency-" + serverEventLoops + "-loops",
                        "Widget fan-out: event to update, by clients",
                        "bridge clients",
                        "latency (ms)",
                        List.of(curve("p50", rows, 50), curve("p99", rows, 99)));
        System.out.println(markdown);
        BenchReport.writeSection(
                report, serverEventLoops == 1 ? "fanout" : "fanout-" + serverEventLoops + "-loops", markdown);
        System.out.println("fanout: report section written to " + report);
        return 0;
    }

    private static void command(Process server, String line) throws java.io.IOException {
        server.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        server.getOutputStream().flush();
    }

    /** The server's live heap after full collections, in bytes. */
    private static long liveHeap(Process server, BufferedReader out) throws Exception {
        command(server, "heap");
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("heap ")) {
                return Long.parseLong(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the fan-out server ended");
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

    private static SvgChart.Series curve(String name, List<Row> rows, double percentile) {
        return new SvgChart.Series(
                name,
                rows.stream()
                        .map(r -> new double[] {r.clients(), r.latencies().percentileMicros(percentile) / 1000})
                        .toList());
    }

    private static String render(List<Row> rows, int loops, int framesPerSecond) {
        StringBuilder md =
                new StringBuilder("## Widget fan-out to browser clients, web UI on " + loops + " event loop(s)\n\n");
        md.append(BenchReport.machine()).append("\n\n");
        md.append(
                "The web UI runs in its own JVM and publishes a widget view on `tau.dashboard.widgets` (every 20 ms, or less "
                        + "often so that all clients together get at most "
                        + String.format(Locale.ROOT, "%,d", framesPerSecond) + " frames a second), "
                        + "stamped with the wall clock in microseconds. Each client, a WebSocket on `/eventbus/websocket` as a page opens "
                        + "it, hears every view without registering (the web UI encodes each update once and writes the same bytes to "
                        + "every socket) and timestamps the update when it arrives; the clients run in the benchmark's JVM on 2 event "
                        + "loops, on the same 2 cores. Memory per client: the server JVM's resident set after the clients connected, less "
                        + "before; and its live heap after full collections, less before.\n\n");
        md.append(
                "| clients | update every | updates received / sent | disconnected | p50 (ms) | p99 (ms) | server RSS per client (KiB) "
                        + "| live heap per client (KiB) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            boolean enough = r.clients() >= 100;
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d ms | %,d / %,d | %d | %.2f | %.2f | %s | %s |%n",
                    r.clients(),
                    r.intervalMs(),
                    r.latencies().count(),
                    r.expected(),
                    r.disconnected(),
                    r.latencies().percentileMicros(50) / 1000,
                    r.latencies().percentileMicros(99) / 1000,
                    enough ? String.format(Locale.ROOT, "%.1f", r.rssKibPerClient()) : "–",
                    enough ? String.format(Locale.ROOT, "%.1f", r.heapKibPerClient()) : "–"));
        }
        Row largest = rows.get(rows.size() - 1);
        double p99 = largest.latencies().percentileMicros(99) / 1000;
        double perClient = Math.max(largest.rssKibPerClient(), largest.heapKibPerClient());
        boolean allArrived =
                largest.disconnected() == 0 && largest.latencies().count() >= largest.expected() * 95 / 100;
        md.append(String.format(
                Locale.ROOT,
                "%nAt %d clients: %s; p99 %.2f ms, target <= %.0f ms **%s**; %.1f KiB of server memory per "
                        + "client (the larger of the two measures), target <= %.0f KiB **%s**.%n",
                largest.clients(),
                allArrived
                        ? "no client disconnected, at least 95% of the updates sent arrived"
                        : "**clients were disconnected or updates " + "lost**",
                p99,
                TARGET_P99_MS,
                allArrived && p99 <= TARGET_P99_MS ? "met" : "missed",
                perClient,
                TARGET_KIB_PER_CLIENT,
                perClient <= TARGET_KIB_PER_CLIENT ? "met" : "missed"));
        return md.toString();
    }
}
