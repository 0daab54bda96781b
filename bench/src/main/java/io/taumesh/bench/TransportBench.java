package io.taumesh.bench;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
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

    static final int PAYLOAD_BYTES = 64;
    static final double TARGET_P50_RATIO = 1.5;

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

    private record PathResult(String name, Latencies latencies, double pipelinedPerSecond) {}

    /** A far side: its echo server process and the member, raw ports and client node that talk to it. */
    private record Side(Process server, String member, int netPort, int taskPort, MeshNode node) {}

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        // Two pairs of nodes in the same run: a plain event bus, and one under the mesh's credentials (TLS with its
        // key,
        // what a mesh runs with by default).
        Path credentials = Files.createTempDirectory("tau-transport-bench-").resolve("credentials");
        List<Side> sides = new ArrayList<>();
        try {
            Side plain = side(null, serverJvmOptions);
            sides.add(plain);
            Side secured = side(credentials, List.of());
            sides.add(secured);
            Context context = plain.node().vertx().getOrCreateContext();
            NetSocket socket = await(plain.node()
                    .vertx()
                    .createNetClient(new NetClientOptions().setTcpNoDelay(true))
                    .connect(plain.netPort(), "127.0.0.1"));
            NetSocket taskSocket = await(plain.node()
                    .vertx()
                    .createNetClient(new NetClientOptions().setTcpNoDelay(true))
                    .connect(plain.taskPort(), "127.0.0.1"));
            List<RoundTrip> trips = List.of(
                    rawSocket(socket, "raw NetSocket ping-pong (baseline)"),
                    eventBus(plain.node(), false, ""),
                    eventBus(plain.node(), true, ""),
                    eventBus(secured.node(), false, MESH_TLS),
                    eventBus(secured.node(), true, MESH_TLS),
                    rawSocket(taskSocket, PER_TASK));
            // Each path is driven on the event loop of the node it sends from, where its replies come back.
            Context securedContext = secured.node().vertx().getOrCreateContext();
            List<Context> contexts = List.of(context, context, context, securedContext, securedContext, context);
            awaitConsumerVisible(context, trips.get(1), deadline);
            awaitConsumerVisible(securedContext, trips.get(3), deadline);

            System.out.printf("transport: warming up (%d round trips per path)%n", warmup);
            for (int i = 0; i < trips.size(); i++) {
                await(Measure.sequential(contexts.get(i), trips.get(i), warmup, deadline, null));
                await(Measure.pipelined(contexts.get(i), trips.get(i), warmup, window, deadline));
            }
            List<Latencies> latencies = new ArrayList<>();
            trips.forEach(t -> latencies.add(new Latencies()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < trips.size(); i++) {
                    await(Measure.sequential(contexts.get(i), trips.get(i), samples, deadline, latencies.get(i)));
                }
                System.out.printf("transport: round %d/%d done%n", round, rounds);
            }
            List<PathResult> results = new ArrayList<>();
            for (int i = 0; i < trips.size(); i++) {
                double perSecond = await(Measure.pipelined(contexts.get(i), trips.get(i), messages, window, deadline));
                results.add(new PathResult(trips.get(i).name(), latencies.get(i), perSecond));
            }
            if (System.nanoTime() > deadline) {
                System.out.println("transport: stopped at the --max-seconds bound; figures cover the samples taken");
            }
            String markdown = render(results);
            System.out.println(markdown);
            BenchReport.writeSection(
                    report, eventLoops == 1 ? "transport" : "transport-" + eventLoops + "-loops", markdown);
            System.out.println("transport: report section written to " + report);
            return 0;
        } finally {
            for (Side side : sides) {
                if (side.node() != null) {
                    await(side.node().close());
                }
                try (OutputStream stdin = side.server().getOutputStream()) {
                    stdin.close();
                }
                if (!side.server().waitFor(20, TimeUnit.SECONDS)) {
                    side.server().destroyForcibly();
                }
            }
        }
    }

    static final String MESH_TLS = ", mesh credentials (TLS)";
    static final String PER_TASK = "raw NetSocket, each message answered from a task of its own";

    /** An echo server in a cluster of its own (with the mesh's credentials at {@code credentials}, or none), and a node that joins it. */
    private Side side(Path credentials, List<String> jvmOptions) throws Exception {
        String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Process server = startEchoServer(cluster, eventLoops, credentials, jvmOptions);
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String member = null;
        int netPort = -1;
        int taskPort = -1;
        for (String line; (line = lines.readLine()) != null && !line.equals("ready"); ) {
            if (line.startsWith("member ")) {
                member = line.substring(7);
            } else if (line.startsWith("net-port ")) {
                netPort = Integer.parseInt(line.substring(9));
            } else if (line.startsWith("task-net-port ")) {
                taskPort = Integer.parseInt(line.substring(14));
            }
        }
        if (member == null || netPort < 0) {
            server.destroyForcibly();
            throw new IllegalStateException(
                    "the echo server did not start (exit " + (server.isAlive() ? "-" : server.exitValue()) + ")");
        }
        MeshNode node = await(MeshNode.start(
                new ClusterSettings(cluster, "127.0.0.1", 0, List.of(member), 0).withCredentials(credentials),
                eventLoops));
        return new Side(server, member, netPort, taskPort, node);
    }

    private String render(List<PathResult> results) {
        PathResult raw = results.get(0);
        PathResult bus = results.get(1);
        double ratio = bus.latencies().percentileMicros(50) / raw.latencies().percentileMicros(50);
        StringBuilder md = new StringBuilder();
        md.append("## Event bus vs raw socket between two JVMs")
                .append(eventLoops == 1 ? "" : ", " + eventLoops + " event loops")
                .append("\n\n");
        md.append(BenchReport.machine()).append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Two JVMs on 127.0.0.1, %d event loop(s) each, %d-byte payload, %d interleaved rounds "
                        + "of %d round trips per path after %d warm-up round trips; throughput with %d messages in flight.%n%n",
                eventLoops,
                PAYLOAD_BYTES,
                rounds,
                samples,
                warmup,
                window));
        md.append("| path | samples | p50 (µs) | p99 (µs) | msg/s, one in flight | msg/s, ")
                .append(window)
                .append(" in flight |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (PathResult r : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.1f | %.0f | %.0f |%n",
                    r.name(),
                    r.latencies().count(),
                    r.latencies().percentileMicros(50),
                    r.latencies().percentileMicros(99),
                    r.latencies().sequentialPerSecond(),
                    r.pipelinedPerSecond()));
        }
        PathResult perTask = results.stream()
                .filter(r -> r.name().equals(PER_TASK))
                .findFirst()
                .orElseThrow();
        PathResult secured = results.stream()
                .filter(r -> r.name().equals(bus.name() + MESH_TLS))
                .findFirst()
                .orElseThrow();
        md.append(String.format(
                Locale.ROOT,
                "%nThe last row answers each message from a task of its own, as the event bus hands "
                        + "a message to its consumer: each answer is then written and flushed by itself (one send() per message) instead of "
                        + "once per read; its pipelined throughput is %.2fx the baseline's, against the event bus's %.2fx.%n",
                perTask.pipelinedPerSecond() / raw.pipelinedPerSecond(),
                bus.pipelinedPerSecond() / raw.pipelinedPerSecond()));
        md.append(String.format(
                Locale.ROOT,
                "%nRatio, event bus / raw socket: p50 **%.2fx**, p99 %.2fx, pipelined throughput %.2fx. "
                        + "Target: p50 within %.1fx of the raw socket: **%s**.%n",
                ratio,
                bus.latencies().percentileMicros(99) / raw.latencies().percentileMicros(99),
                bus.pipelinedPerSecond() / raw.pipelinedPerSecond(),
                TARGET_P50_RATIO,
                ratio <= TARGET_P50_RATIO ? "met" : "missed"));
        md.append(String.format(
                Locale.ROOT,
                "%nWith the mesh's credentials (the event bus under TLS with the mesh's key, a "
                        + "mesh's default since it makes them on its first start), measured in the same rounds: p50 %.1f µs, %.2fx the "
                        + "plain event bus's; pipelined throughput %.2fx.%n",
                secured.latencies().percentileMicros(50),
                secured.latencies().percentileMicros(50) / bus.latencies().percentileMicros(50),
                secured.pipelinedPerSecond() / bus.pipelinedPerSecond()));
        md.append(
                "\nWhere the time goes (CPU profiles of both JVMs, `bench/profile-transport.sh`), what bounds pipelined "
                        + "throughput and what doubling it would take: `docs/performance.md`.\n");
        return md.toString();
    }

    private static RoundTrip rawSocket(NetSocket socket, String name) {
        ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        int[] pendingBytes = {0};
        socket.handler(bytes -> {
            pendingBytes[0] += bytes.length();
            while (pendingBytes[0] >= PAYLOAD_BYTES) {
                pendingBytes[0] -= PAYLOAD_BYTES;
                waiting.poll().run();
            }
        });
        Buffer payload = Buffer.buffer(new byte[PAYLOAD_BYTES]);
        return new RoundTrip() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void send(Runnable onReply) {
                waiting.add(onReply);
                socket.write(payload.copy());
            }
        };
    }

    private static RoundTrip eventBus(MeshNode node, boolean json, String suffix) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
        Buffer buffer = Buffer.buffer(new byte[PAYLOAD_BYTES]);
        JsonObject body = new JsonObject()
                .put("schema_version", 1)
                .put("service", "gateway")
                .put("ask", "status")
                .put("n", 0);
        return new RoundTrip() {
            @Override
            public String name() {
                return (json
                                ? "event bus request/reply, JSON body"
                                : "event bus request/reply, " + PAYLOAD_BYTES + "-byte buffer")
                        + suffix;
            }

            @Override
            public void send(Runnable onReply) {
                node.vertx()
                        .eventBus()
                        .request(EchoServerMain.ECHO_ADDRESS, json ? body : buffer, options)
                        .onComplete(ar -> {
                            if (ar.failed()) {
                                throw new IllegalStateException(
                                        "event-bus request failed: "
                                                + ar.cause().getMessage(),
                                        ar.cause());
                            }
                            onReply.run();
                        });
            }
        };
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

    private static Process startEchoServer(String cluster, int eventLoops, Path credentials, List<String> jvmOptions)
            throws Exception {
        Path jar = Path.of(TransportBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "echo-server",
                cluster,
                String.valueOf(eventLoops),
                credentials == null ? "none" : credentials.toString()));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.await(120, TimeUnit.SECONDS);
    }
}
