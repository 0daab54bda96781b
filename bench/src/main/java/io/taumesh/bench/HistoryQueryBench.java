package io.taumesh.bench;

import io.taumesh.core.runner.storage.HistoryQuery;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.runner.wire.HistoryWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The page's history query ({@code tau.<runtime>.history}) on a short and a long history: the same windows over a
 * gateway state dir of 1k cycles (the baseline) and of 1M, written by {@link HistoryWriter} (one cycle a second).
 */
@Command(
        name = "history-query",
        mixinStandardHelpOptions = true,
        description = "Time-window queries of the history (5 min, 1 h, 24 h) over 1k against 1M committed cycles.")
final class HistoryQueryBench implements Callable<Integer> {

    private static final Map<String, Long> WINDOWS = Map.of("5 min", 300_000L, "1 h", 3_600_000L, "24 h", 86_400_000L);
    private static final List<String> ORDER = List.of("5 min", "1 h", "24 h");
    private static final int WARM_UP = 10;

    @Option(
            names = "--cycles",
            split = ",",
            defaultValue = "1000,1000000",
            description = "History lengths, the baseline first (default: ${DEFAULT-VALUE}).")
    List<Long> cycles;

    @Option(
            names = "--repeats",
            defaultValue = "5",
            description = "Queries per window and size; the median is kept (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    private record Row(long cycles, String window, long inWindow, double ms) {}

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-history-query-bench");
        List<Row> rows = new ArrayList<>();
        try {
            for (long n : cycles) {
                Path dir = work.resolve("history-" + n);
                new HistoryWriter(8).write(dir, n);
                SegmentedLog events = new SegmentedLog(dir.resolve("runtime-events.jsonl"), LogRetention.DEFAULT);
                long now = HistoryWriter.timestampOf(n);
                for (String window : ORDER) {
                    rows.add(measure(events, n, window, now));
                }
                Directories.deleteTree(dir);
            }
        } finally {
            Directories.deleteTree(work);
        }
        BenchReport.publish("history-query", report, "history-query", render(rows));
        return 0;
    }

    private Row measure(SegmentedLog events, long n, String window, long now) throws Exception {
        HistoryQuery query = new HistoryQuery(events);
        for (int i = 0; i < WARM_UP; i++) {
            query.window("gateway", now, WINDOWS.get(window), 120); // compiled before it is timed
        }
        double[] times = new double[repeats];
        HistoryWindow answer = null;
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            answer = query.window("gateway", now, WINDOWS.get(window), 120);
            times[i] = (System.nanoTime() - started) / 1e6;
        }
        Row row = new Row(n, window, answer.cycles(), Percentiles.median(times));
        System.out.printf(
                Locale.ROOT,
                "history-query: %,d cycles, %s window: %,d cycles in it, %.1f ms%n",
                n,
                window,
                row.inWindow(),
                row.ms());
        return row;
    }

    private String render(List<Row> rows) {
        StringBuilder md = new StringBuilder("## History: a window's query, by history length\n\n")
                .append(BenchReport.machine())
                .append("\n\n");
        md.append(
                "A gateway state dir of one cycle a second (`HistoryWriter`), queried for the page's windows in 120 "
                        + "points. The query opens only the segments that reach into the window, so its cost follows the "
                        + "window's cycles, not the history's length. Baseline: the same window over the shortest history.\n\n");
        md.append("| history (cycles) | window | cycles in window | query (ms, median of ")
                .append(repeats)
                .append(") | vs. the shortest history |\n| ---: | --- | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            Row base = rows.stream()
                    .filter(r -> r.window().equals(row.window()) && r.cycles() == cycles.get(0))
                    .findFirst()
                    .orElse(row);
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %,d | %.1f | %.2fx |%n",
                    row.cycles(),
                    row.window(),
                    row.inWindow(),
                    row.ms(),
                    row.ms() / base.ms()));
        }
        return md.toString();
    }
}
