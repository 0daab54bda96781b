package io.taumesh.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The history section of the report: each command's open of the shortest and the longest history side by side,
 * judged against the target ratio, and two charts of time and memory over every length measured.
 *
 * @param cycles the history lengths, in the order measured; the table compares the first and the last
 * @param repeats runs per command and length
 * @param actors channels the cases were spread over
 */
record HistoryReport(List<Long> cycles, int repeats, int actors) {

    static final double TARGET_RATIO = 1.5;

    /** One command on one history: median wall time, and the median of the peak resident memory. */
    record Measured(double wallMs, long peakKib) {}

    /** One history length: its size on disk, the time it took to write, and each command's open of it. */
    record History(long diskBytes, double writeSeconds, Map<String, Measured> opened) {}

    /** Writes the charts beside the report; returns the section, the table and the links to the charts. */
    String render(Path report, List<String> commands, Map<Long, History> histories) throws IOException {
        String charts = SvgChart.write(
                        report,
                        "history-time",
                        "Opening a state dir: wall time by history",
                        "committed cycles",
                        "wall (ms)",
                        commands.stream()
                                .map(c -> curve(c, histories, Measured::wallMs))
                                .toList())
                + SvgChart.write(
                        report,
                        "history-memory",
                        "Opening a state dir: peak memory by history",
                        "committed cycles",
                        "peak resident (MiB)",
                        commands.stream()
                                .map(c -> curve(c, histories, m -> m.peakKib() / 1024.0))
                                .toList());
        return markdown(commands, histories) + "\n" + charts;
    }

    private static SvgChart.Series curve(
            String command, Map<Long, History> histories, ToDoubleFunction<Measured> value) {
        // The legend keeps the command's first flag without its dashes and "-inspect", or its words before the
        // parenthesis.
        String name = command.contains(" (") ? command.substring(0, command.indexOf(" (")) : command.split(" ")[0];
        name = name.replaceFirst("^--", "").replaceFirst("-inspect$", "");
        return new SvgChart.Series(
                name,
                histories.entrySet().stream()
                        .map(e -> new double[] {
                            e.getKey(),
                            value.applyAsDouble(e.getValue().opened().get(command))
                        })
                        .toList());
    }

    private String markdown(List<String> commands, Map<Long, History> histories) {
        long small = cycles.get(0);
        long large = cycles.get(cycles.size() - 1);
        StringBuilder md = new StringBuilder(intro(small, large));
        md.append("| command | ")
                .append(String.format(Locale.ROOT, "%,d", small))
                .append(" cycles | ")
                .append(String.format(Locale.ROOT, "%,d", large))
                .append(" cycles | time ratio | memory ratio |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (String c : commands) {
            md.append(row(
                    c,
                    histories.get(small).opened().get(c),
                    histories.get(large).opened().get(c)));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nOn disk: %,d KiB for %,d cycles, %,d MiB for %,d (written in %.1f s).%n",
                histories.get(small).diskBytes() >> 10,
                small,
                histories.get(large).diskBytes() >> 20,
                large,
                histories.get(large).writeSeconds()));
        return md.toString();
    }

    private String intro(long small, long large) {
        return "## History: opening a state dir, " + String.format(Locale.ROOT, "%,d", small) + " against "
                + String.format(Locale.ROOT, "%,d", large) + " committed cycles\n\n" + BenchReport.machine()
                + "\n\n`java -jar bench/target/tau-bench.jar history`. Each command is a "
                + "separate JVM (`java -jar launcher/target/tau-mesh.jar ...`, median of "
                + repeats
                + " runs; peak resident memory from `/proc/<pid>/status` VmHWM). The large state dir is written through the "
                + "engine's own stores (outputs over "
                + actors
                + " actors, the event log rolling into "
                + "compressed segments, the case index and checkpoint, state.json) instead of running the cycles. Target: the "
                + "large history within "
                + TARGET_RATIO
                + "x of the small one.\n\n";
    }

    /** One command: its open of the short and the long history, and how much the long one costs more. */
    private static String row(String command, Measured a, Measured b) {
        double timeRatio = b.wallMs() / a.wallMs();
        double memRatio = (double) b.peakKib() / a.peakKib();
        return String.format(
                Locale.ROOT,
                "| %s | %.0f ms, %,d KiB | %.0f ms, %,d KiB | %.2fx %s | %.2fx %s |%n",
                command,
                a.wallMs(),
                a.peakKib(),
                b.wallMs(),
                b.peakKib(),
                timeRatio,
                timeRatio <= TARGET_RATIO ? "(met)" : "(missed)",
                memRatio,
                memRatio <= TARGET_RATIO ? "(met)" : "(missed)");
    }
}
