package io.taumesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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

    @Override
    public Integer call() throws Exception {
        FanoutServerProcess server = FanoutServerProcess.start(serverEventLoops, serverJvmOptions);
        // The clients get two event loops of their own, on the same cores as the server.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<FanoutReport.Row> rows = new ArrayList<>();
        try {
            int port = server.awaitReady();
            WebSocketClient client =
                    vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
            Thread.sleep(1_000);
            for (int count : clientCounts) {
                rows.add(measure(server, vertx, client, port, count));
                Thread.sleep(1_000);
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            server.close();
        }
        String markdown = new FanoutReport(serverEventLoops, framesPerSecond).render(report, rows);
        BenchReport.publish(
                "fanout", report, serverEventLoops == 1 ? "fanout" : "fanout-" + serverEventLoops + "-loops", markdown);
        return 0;
    }

    /**
     * One client count: the update interval set so that the server writes at most the frames per second asked, the
     * server's memory read before the clients connect and a second after, then the updates measured.
     */
    private FanoutReport.Row measure(
            FanoutServerProcess server, Vertx vertx, WebSocketClient client, int port, int count) throws Exception {
        long interval = Math.max(20, (long) Math.ceil(count * 1000.0 / framesPerSecond));
        server.interval(interval);
        long heapBefore = server.liveHeap();
        long before = server.residentKib();
        BridgeClients clients = BridgeClients.connect(vertx, client, port, count);
        Thread.sleep(1_000);
        long after = server.residentKib();
        long heapAfter = server.liveHeap();
        clients.measure(seconds);
        int disconnected = clients.disconnected();
        clients.close();
        Latencies latencies = clients.latencies();
        System.out.printf(
                Locale.ROOT,
                "fanout: %d clients, %d updates received, p50 %.2f ms, p99 %.2f ms%n",
                count,
                latencies.count(),
                latencies.percentileMillis(50),
                latencies.percentileMillis(99));
        return new FanoutReport.Row(
                count,
                interval,
                latencies,
                (long) count * seconds * 1000 / interval,
                disconnected,
                before,
                after,
                heapBefore,
                heapAfter);
    }
}
