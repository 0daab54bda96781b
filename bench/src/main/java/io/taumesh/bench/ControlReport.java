package io.taumesh.bench;

import java.util.List;
import java.util.Locale;

/**
 * The control section of the report: for each number of open pages, the latency to the sender and to every page,
 * judged at the largest.
 *
 * @param actions measured actions per row
 * @param warmUp unmeasured actions before them
 */
record ControlReport(int actions, int warmUp) {

    static final double TARGET_P99_MS = 50;

    /** One number of open pages: the latency until the sender saw the update, and until every page had. */
    record Row(int pages, Latencies toSender, Latencies toAll) {}

    String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("## End-to-end control latency\n\n");
        md.append(BenchReport.machine())
                .append("\n\n`java -jar bench/target/tau-bench.jar control`: the all-in-one mesh ")
                .append(
                        "(`java -jar launcher/target/tau-mesh.jar`, defaults: one event loop, state forced to disk every cycle) and ")
                .append(
                        "N pages on the web UI's bridge WebSocket, in the benchmark's JVM. One page sends a control action with the ")
                .append(
                        "operator token (a gateway `pause` or `resume` with its own idempotency key: routed by the dashboard runner ")
                .append(
                        "as a cycle of one case, committed, then passed to the gateway); measured from the send until the ")
                .append(
                        "`dashboard.health` widget view of that cycle has arrived at the sender, and at every open page. ")
                .append(actions)
                .append(" actions per row after ")
                .append(warmUp)
                .append(" unmeasured.\n\n");
        md.append(
                "| open pages | to the sender p50 | p99 | to every page p50 | p99 |\n| ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                    r.pages(),
                    r.toSender().percentileMillis(50),
                    r.toSender().percentileMillis(99),
                    r.toAll().percentileMillis(50),
                    r.toAll().percentileMillis(99)));
        }
        Row largest = rows.get(rows.size() - 1);
        double p99 = largest.toAll().percentileMillis(99);
        md.append(String.format(
                Locale.ROOT,
                "%nAt %d pages, p99 to every page %.2f ms: target <= %.0f ms **%s**.%n",
                largest.pages(),
                p99,
                TARGET_P99_MS,
                p99 <= TARGET_P99_MS ? "met" : "missed"));
        return md.toString();
    }
}
