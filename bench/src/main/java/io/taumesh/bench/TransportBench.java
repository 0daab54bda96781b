package io.taumesh.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Event-bus request/reply between two clustered JVMs on loopback, against a raw Vert.x NetSocket
 * ping-pong between the same two JVMs, in the same run, interleaved round by round.
 */
@Command(
        name = "transport",
        mixinStandardHelpOptions = true,
        description = "Clustered event-bus request/reply vs raw NetSocket ping-pong between two JVMs on loopback.")
final class TransportBench implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "5", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--samples",
            defaultValue = "3000",
            description = "Round trips per path per round (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--warmup",
            defaultValue = "4000",
            description = "Discarded round trips per path first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--messages",
            defaultValue = "30000",
            description = "Messages per path for the throughput run (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(
            names = "--window",
            defaultValue = "32",
            description = "Messages in flight for the throughput run (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(
            names = "--event-loops",
            defaultValue = "1",
            description = "Event loops of each node, as --event-loops of tau-mesh (default: ${DEFAULT-VALUE}).")
    int eventLoops;

    @Option(
            names = "--max-seconds",
            defaultValue = "150",
            description = "Hard bound on the whole benchmark (default: ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(
            names = "--server-jvm-option",
            description = "An extra JVM option of the echo server's JVM (a profiler, say).")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    /** A path and the event loop it is driven on: that of the node it sends from, where its replies come back. */
    private record DrivenTrip(RoundTrip trip, Context context) {}

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        // Two pairs of nodes in the same run: a plain event bus, and one under the mesh's credentials (TLS with its
        // key, what a mesh runs with by default).
        Path credentials = Files.createTempDirectory("tau-transport-bench-").resolve("credentials");
        List<EchoSide> sides = new ArrayList<>();
        try {
            EchoSide plain = EchoSide.start(eventLoops, null, serverJvmOptions);
            sides.add(plain);
            EchoSide secured = EchoSide.start(eventLoops, credentials, List.of());
            sides.add(secured);
            List<DrivenTrip> paths = paths(plain, secured, deadline);
            List<TransportReport.PathResult> results = measure(paths, deadline);
            if (System.nanoTime() > deadline) {
                System.out.println("transport: stopped at the --max-seconds bound; figures cover the samples taken");
            }
            String markdown = new TransportReport(eventLoops, rounds, samples, warmup, window).render(results);
            BenchReport.publish(
                    "transport",
                    report,
                    eventLoops == 1 ? "transport" : "transport-" + eventLoops + "-loops",
                    markdown);
            return 0;
        } finally {
            for (EchoSide side : sides) {
                side.close();
            }
        }
    }

    /**
     * The raw socket first (the baseline), the event bus plain and under TLS, each with a buffer and a JSON body,
     * and last the raw socket answered a task per message; once the echo consumer is visible on both nodes.
     */
    private static List<DrivenTrip> paths(EchoSide plain, EchoSide secured, long deadline) throws Exception {
        Context context = plain.node().vertx().getOrCreateContext();
        NetSocket socket = connect(plain, plain.netPort());
        NetSocket taskSocket = connect(plain, plain.taskPort());
        RoundTrip plainBus = RoundTrips.eventBus(plain.node(), false, "");
        RoundTrip securedBus = RoundTrips.eventBus(secured.node(), false, TransportReport.MESH_TLS);
        Context securedContext = secured.node().vertx().getOrCreateContext();
        awaitConsumerVisible(context, plainBus, deadline);
        awaitConsumerVisible(securedContext, securedBus, deadline);
        return List.of(
                new DrivenTrip(RoundTrips.rawSocket(socket, "raw NetSocket ping-pong (baseline)"), context),
                new DrivenTrip(plainBus, context),
                new DrivenTrip(RoundTrips.eventBus(plain.node(), true, ""), context),
                new DrivenTrip(securedBus, securedContext),
                new DrivenTrip(RoundTrips.eventBus(secured.node(), true, TransportReport.MESH_TLS), securedContext),
                new DrivenTrip(RoundTrips.rawSocket(taskSocket, TransportReport.PER_TASK), context));
    }

    private static NetSocket connect(EchoSide side, int port) throws Exception {
        return await(side.node()
                .vertx()
                .createNetClient(new NetClientOptions().setTcpNoDelay(true))
                .connect(port, "127.0.0.1"));
    }

    /** Warm-up, then the latency rounds (every path in turn, round by round), then the throughput of each path. */
    private List<TransportReport.PathResult> measure(List<DrivenTrip> paths, long deadline) throws Exception {
        System.out.printf("transport: warming up (%d round trips per path)%n", warmup);
        for (DrivenTrip p : paths) {
            await(Measure.sequential(p.context(), p.trip(), warmup, deadline, null));
            await(Measure.pipelined(p.context(), p.trip(), warmup, window, deadline));
        }
        List<Latencies> latencies = new ArrayList<>();
        paths.forEach(p -> latencies.add(new Latencies()));
        // Interleaved round by round, so that the machine's drift touches every path alike.
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < paths.size(); i++) {
                DrivenTrip p = paths.get(i);
                await(Measure.sequential(p.context(), p.trip(), samples, deadline, latencies.get(i)));
            }
            System.out.printf("transport: round %d/%d done%n", round, rounds);
        }
        List<TransportReport.PathResult> results = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            DrivenTrip p = paths.get(i);
            double perSecond = await(Measure.pipelined(p.context(), p.trip(), messages, window, deadline));
            results.add(new TransportReport.PathResult(p.trip().name(), latencies.get(i), perSecond));
        }
        return results;
    }

    /** The echo consumer's registration reaches this node shortly after it joins; wait for it. */
    private static void awaitConsumerVisible(Context context, RoundTrip bus, long deadline) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                await(Measure.sequential(context, bus, 1, deadline, null));
                return;
            } catch (Exception e) {
                if (attempt > 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.await(120, TimeUnit.SECONDS);
    }
}
