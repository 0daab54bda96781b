package io.taumesh.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fan-out section of the report: for each client count, the updates that arrived, their latency and the server's
 * memory per client, judged at the largest count; and a chart of the latency by client count.
 *
 * @param loops event loops of the web UI's JVM
 * @param framesPerSecond frames the server writes in all at most
 */
record FanoutReport(int loops, int framesPerSecond) {

    static final double TARGET_P99_MS = 50;

    static final double TARGET_KIB_PER_CLIENT = 64;

    /** One client count: the update interval, what arrived and when, and the server's memory before and after. */
    record Row(
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

    /** The section's Markdown, with the chart written beside the report and linked. */
    String render(Path report, List<Row> rows) throws IOException {
        return markdown(rows) + "\n"
                + SvgChart.write(
                        report,
                        loops == 1 ? "fanout-latency" : "fanout-latency-" + loops + "-loops",
                        "Widget fan-out: event to update, by clients",
                        "bridge clients",
                        "latency (ms)",
                        List.of(curve("p50", rows, 50), curve("p99", rows, 99)));
    }

    private static SvgChart.Series curve(String name, List<Row> rows, double percentile) {
        return new SvgChart.Series(
                name,
                rows.stream()
                        .map(r -> new double[] {r.clients(), r.latencies().percentileMillis(percentile)})
                        .toList());
    }

    private String markdown(List<Row> rows) {
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
            md.append(row(r));
        }
        return md.append(verdict(rows.get(rows.size() - 1))).toString();
    }

    /** One client count; memory per client only from 100 clients, below which it is lost in the noise. */
    private static String row(Row r) {
        boolean enough = r.clients() >= 100;
        return String.format(
                Locale.ROOT,
                "| %d | %d ms | %,d / %,d | %d | %.2f | %.2f | %s | %s |%n",
                r.clients(),
                r.intervalMs(),
                r.latencies().count(),
                r.expected(),
                r.disconnected(),
                r.latencies().percentileMillis(50),
                r.latencies().percentileMillis(99),
                enough ? String.format(Locale.ROOT, "%.1f", r.rssKibPerClient()) : "–",
                enough ? String.format(Locale.ROOT, "%.1f", r.heapKibPerClient()) : "–");
    }

    /** The targets, at the largest client count: every update arrived in time, and little memory per client. */
    private static String verdict(Row largest) {
        double p99 = largest.latencies().percentileMillis(99);
        double perClient = Math.max(largest.rssKibPerClient(), largest.heapKibPerClient());
        boolean allArrived =
                largest.disconnected() == 0 && largest.latencies().count() >= largest.expected() * 95 / 100;
        return String.format(
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
                perClient <= TARGET_KIB_PER_CLIENT ? "met" : "missed");
    }
}
