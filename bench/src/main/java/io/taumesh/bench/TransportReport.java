package io.taumesh.bench;

import java.util.List;
import java.util.Locale;

/**
 * The transport section of the report: every path's latency and throughput, then the event bus against the raw
 * socket (the target), a task per message against the raw socket, and the mesh's credentials against none.
 */
record TransportReport(int eventLoops, int rounds, int samples, int warmup, int window) {

    static final double TARGET_P50_RATIO = 1.5;

    /** The path whose name ends so: the event bus under the mesh's credentials. */
    static final String MESH_TLS = ", mesh credentials (TLS)";

    /** The name of the raw path that answers like the event bus does, a task per message. */
    static final String PER_TASK = "raw NetSocket, each message answered from a task of its own";

    /** One path's figures: its round trips one at a time, and its throughput with a window in flight. */
    record PathResult(String name, Latencies latencies, double pipelinedPerSecond) {}

    /** The section; the first result is the raw socket (the baseline), the second the plain event bus. */
    String render(List<PathResult> results) {
        return intro() + table(results) + comparisons(results)
                + "\nWhere the time goes (CPU profiles of both JVMs, `bench/profile-transport.sh`), what bounds pipelined "
                + "throughput and what doubling it would take: `docs/performance.md`.\n";
    }

    private String intro() {
        return "## Event bus vs raw socket between two JVMs"
                + (eventLoops == 1 ? "" : ", " + eventLoops + " event loops")
                + "\n\n" + BenchReport.machine() + "\n\n"
                + String.format(
                        Locale.ROOT,
                        "Two JVMs on 127.0.0.1, %d event loop(s) each, %d-byte payload, %d interleaved rounds "
                                + "of %d round trips per path after %d warm-up round trips; throughput with %d messages in flight.%n%n",
                        eventLoops,
                        RoundTrips.PAYLOAD_BYTES,
                        rounds,
                        samples,
                        warmup,
                        window);
    }

    private String table(List<PathResult> results) {
        StringBuilder md = new StringBuilder();
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
        return md.toString();
    }

    private static String comparisons(List<PathResult> results) {
        PathResult raw = results.get(0);
        PathResult bus = results.get(1);
        PathResult perTask = named(results, PER_TASK);
        PathResult secured = named(results, bus.name() + MESH_TLS);
        double ratio = bus.latencies().percentileMicros(50) / raw.latencies().percentileMicros(50);
        return String.format(
                        Locale.ROOT,
                        "%nThe last row answers each message from a task of its own, as the event bus hands "
                                + "a message to its consumer: each answer is then written and flushed by itself (one send() per message) instead of "
                                + "once per read; its pipelined throughput is %.2fx the baseline's, against the event bus's %.2fx.%n",
                        perTask.pipelinedPerSecond() / raw.pipelinedPerSecond(),
                        bus.pipelinedPerSecond() / raw.pipelinedPerSecond())
                + String.format(
                        Locale.ROOT,
                        "%nRatio, event bus / raw socket: p50 **%.2fx**, p99 %.2fx, pipelined throughput %.2fx. "
                                + "Target: p50 within %.1fx of the raw socket: **%s**.%n",
                        ratio,
                        bus.latencies().percentileMicros(99) / raw.latencies().percentileMicros(99),
                        bus.pipelinedPerSecond() / raw.pipelinedPerSecond(),
                        TARGET_P50_RATIO,
                        ratio <= TARGET_P50_RATIO ? "met" : "missed")
                + String.format(
                        Locale.ROOT,
                        "%nWith the mesh's credentials (the event bus under TLS with the mesh's key, a "
                                + "mesh's default since it makes them on its first start), measured in the same rounds: p50 %.1f µs, %.2fx the "
                                + "plain event bus's; pipelined throughput %.2fx.%n",
                        secured.latencies().percentileMicros(50),
                        secured.latencies().percentileMicros(50)
                                / bus.latencies().percentileMicros(50),
                        secured.pipelinedPerSecond() / bus.pipelinedPerSecond());
    }

    private static PathResult named(List<PathResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
