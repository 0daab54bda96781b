package io.taumesh.bench;

import io.taumesh.bench.HistoryReport.History;
import io.taumesh.bench.HistoryReport.Measured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a long history costs a start: a gateway state dir with 1k committed cycles against one with 1M, each
 * opened by the contract runner and read by the inspect commands as separate JVMs (wall time and peak resident
 * memory). The 1M-cycle dir is written directly through the engine's own stores, not by running a million cycles.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Open time and memory of a gateway state dir with 1k against 1M committed cycles.")
final class HistoryBench implements Callable<Integer> {

    @Option(
            names = "--cycles",
            split = ",",
            defaultValue = "1000,10000,100000,1000000",
            description =
                    "History lengths; the table compares the first and the last, the chart draws them all (default: ${DEFAULT-VALUE}).")
    List<Long> cycles;

    @Option(
            names = "--actors",
            defaultValue = "8",
            description = "Channels the cases are spread over (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "Runs per command and size; the median is kept (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--launcher",
            defaultValue = "launcher/target/tau-mesh.jar",
            description = "The tau-mesh jar (default: ${DEFAULT-VALUE}).")
    Path launcher;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-history-bench");
        Map<String, List<String>> commands = commands(oneCaseFixture(work));
        Map<Long, History> histories = new LinkedHashMap<>();
        try {
            for (long n : cycles) {
                histories.put(n, measure(work.resolve("history-" + n), n, commands));
            }
        } finally {
            Directories.deleteTree(work);
        }
        List<String> names = commands.keySet().stream().toList();
        BenchReport.writeSection(
                report, "history", new HistoryReport(cycles, repeats, actors).render(report, names, histories));
        return 0;
    }

    /** A fixture of one new case: the contract runner's open of a history, with as little work after it as can be. */
    private static Path oneCaseFixture(Path work) throws Exception {
        Path tiny = work.resolve("one-case.json");
        Files.writeString(
                tiny,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "gateway")
                        .put(
                                "cases",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("case_id", "bench-new-case")
                                                .put("actor_id", "actor-0")
                                                .put("request", new JsonObject().put("kind", "ping"))))
                        .encode());
        return tiny;
    }

    /** The commands that open a gateway state dir, by their name in the report: their flags after the dir's. */
    private static Map<String, List<String>> commands(Path oneCase) {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put(
                "contract runner (open, one new case, close)",
                List.of("--gateway-contract-runner", "--gateway-fixture", oneCase.toString()));
        commands.put(
                "--gateway-status-inspect --gateway-status-json",
                List.of("--gateway-status-inspect", "--gateway-status-json"));
        commands.put(
                "--transport-health-inspect gateway",
                List.of("--transport-health-inspect", "gateway", "--transport-health-json"));
        return commands;
    }

    /** Writes a history of {@code n} cycles into {@code dir}, then opens it with every command. */
    private History measure(Path dir, long n, Map<String, List<String>> commands) throws Exception {
        long started = System.nanoTime();
        new HistoryWriter(actors).write(dir, n);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        long diskBytes = size(dir);
        System.out.printf(
                Locale.ROOT,
                "history: %,d cycles written in %.1f s (%,d MiB on disk)%n",
                n,
                writeSeconds,
                diskBytes >> 20);
        Map<String, Measured> opened = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
            List<String> args = new ArrayList<>(List.of("--gateway-state-dir", dir.toString()));
            args.addAll(c.getValue());
            Measured measured = measure(args);
            opened.put(c.getKey(), measured);
            System.out.printf(
                    Locale.ROOT,
                    "history: %,d cycles, %s: %.0f ms, %,d KiB%n",
                    n,
                    c.getKey(),
                    measured.wallMs(),
                    measured.peakKib());
        }
        return new History(diskBytes, writeSeconds, opened);
    }

    /** The median wall time and peak resident memory of {@code java -jar tau-mesh.jar args} over the repeats. */
    private Measured measure(List<String> args) throws Exception {
        List<Measured> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            List<String> command = new ArrayList<>(List.of(Processes.java(), "-jar", launcher.toString()));
            command.addAll(args);
            WatchedRun run = WatchedRun.untilExit(
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD),
                    p -> Stream.of(p.toHandle()));
            if (run.process().exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited " + run.process().exitValue());
            }
            runs.add(new Measured(run.wallMs(), run.peakKib()));
        }
        Measured median = Percentiles.medianBy(runs, Comparator.comparingDouble(Measured::wallMs));
        long peak =
                Percentiles.median(runs.stream().mapToLong(Measured::peakKib).toArray());
        return new Measured(median.wallMs(), peak);
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
