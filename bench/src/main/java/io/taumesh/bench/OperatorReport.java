package io.taumesh.bench;

import io.taumesh.bench.TimedCommands.Row;
import java.util.List;
import java.util.Locale;

/**
 * The operator section of the report: each command's time, CPU and memory beside the bare JVM start (the first row),
 * judged against the target, and whether the commands changed the cluster's membership.
 */
record OperatorReport(int repeats) {

    static final double TARGET_MS = 500;

    /**
     * The section: {@code rows} (the bare JVM start, curl, then the ./tau-mesh commands), {@code joinRows} (commands
     * that join the cluster, with no target), the membership events the local commands caused, the daemon's start.
     */
    String markdown(List<Row> rows, List<Row> joinRows, long membershipEvents, double startMs) {
        Row bare = rows.get(0);
        StringBuilder md = new StringBuilder(intro(startMs));
        md.append(
                "| command | median | p90 | CPU | peak memory | vs bare JVM |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            boolean command = r.command().startsWith("./tau-mesh");
            md.append(row(r, command ? (r.medianMs() <= TARGET_MS ? " (met)" : " (missed)") : "", bare));
        }
        for (Row r : joinRows) {
            md.append(row(r, "", bare));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nMember joins and leaves logged by the mesh during the %d calls of the ./tau-mesh "
                        + "commands above the lite-member row: %d%s.%n",
                repeats * (rows.size() - 2),
                membershipEvents,
                membershipEvents == 0 ? " (met)" : " (missed)"));
        return md.toString();
    }

    private String intro(double startMs) {
        return "## Operator commands against a running mesh\n\n" + BenchReport.machine()
                + "\n\n`java -jar bench/target/tau-bench.jar operator`: a mesh started with "
                + "`./tau-mesh --daemon-start` (ready in "
                + String.format(Locale.ROOT, "%.0f", startMs)
                + " ms, relay linked), then each command run as an operator runs it, one process per call, "
                + repeats
                + " calls each (median and 90th percentile wall time; CPU of the process and all it started; peak "
                + "resident memory). Target: median at most "
                + String.format(Locale.ROOT, "%.0f", TARGET_MS)
                + " ms, and no change of the cluster's membership.\n\n";
    }

    /** One command's figures; {@code verdict} follows its median where a target applies. */
    private static String row(Row r, String verdict, Row bare) {
        return String.format(
                Locale.ROOT,
                "| %s | %.0f ms%s | %.0f ms | %.0f ms | %,d KiB | %.2fx |%n",
                r.command(),
                r.medianMs(),
                verdict,
                r.p90Ms(),
                r.cpuMs(),
                r.peakKib(),
                r.medianMs() / bare.medianMs());
    }
}
