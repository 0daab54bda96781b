package io.taumesh.bench;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.RunnerCheckpoint;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.OutputRecord;
import io.taumesh.core.runner.wire.RunnerState;
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

    static final double TARGET_RATIO = 1.5;

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

    private record Measured(double wallMs, long peakKib) {}

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-history-bench");
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
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put(
                "contract runner (open, one new case, close)",
                List.of("--gateway-contract-runner", "--gateway-fixture", tiny.toString()));
        commands.put(
                "--gateway-status-inspect --gateway-status-json",
                List.of("--gateway-status-inspect", "--gateway-status-json"));
        commands.put(
                "--transport-health-inspect gateway",
                List.of("--transport-health-inspect", "gateway", "--transport-health-json"));
        Map<Long, Map<String, Measured>> results = new LinkedHashMap<>();
        Map<Long, Long> diskBytes = new LinkedHashMap<>();
        Map<Long, Double> generateSecs = new LinkedHashMap<>();
        try {
            for (long n : cycles) {
                Path dir = work.resolve("history-" + n);
                long started = System.nanoTime();
                generate(dir, n);
                generateSecs.put(n, (System.nanoTime() - started) / 1e9);
                diskBytes.put(n, size(dir));
                System.out.printf(
                        Locale.ROOT,
                        "history: %,d cycles written in %.1f s (%,d MiB on disk)%n",
                        n,
                        generateSecs.get(n),
                        diskBytes.get(n) >> 20);
                Map<String, Measured> row = new LinkedHashMap<>();
                for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                    List<String> args = new ArrayList<>(List.of("--gateway-state-dir", dir.toString()));
                    args.addAll(c.getValue());
                    row.put(c.getKey(), measure(args));
                    System.out.printf(
                            Locale.ROOT,
                            "history: %,d cycles, %s: %.0f ms, %,d KiB%n",
                            n,
                            c.getKey(),
                            row.get(c.getKey()).wallMs(),
                            row.get(c.getKey()).peakKib());
                }
                results.put(n, row);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        List<String> names = commands.keySet().stream().toList();
        String charts = SvgChart.write(
                        report,
                        "history-time",
                        "Opening a state dir: wall time by history",
                        "committed cycles",
                        "wall (ms)",
                        names.stream()
                                .map(c -> curve(c, results, m -> m.wallMs()))
                                .toList())
                + SvgChart.write(
                        report,
                        "history-memory",
                        "Opening a state dir: peak memory by history",
                        "committed cycles",
                        "peak resident (MiB)",
                        names.stream()
                                .map(c -> curve(c, results, m -> m.peakKib() / 1024.0))
                                .toList());
        BenchReport.writeSection(report, "history", markdown(names, results, diskBytes, generateSecs) + "\n" + charts);
        return 0;
    }

    private static SvgChart.Series curve(
            String command,
            Map<Long, Map<String, Measured>> results,
            java.util.function.ToDoubleFunction<Measured> value) {
        // The legend keeps the command's first flag without its dashes and "-inspect", or its words before the
        // parenthesis.
        String name = command.contains(" (") ? command.substring(0, command.indexOf(" (")) : command.split(" ")[0];
        name = name.replaceFirst("^--", "").replaceFirst("-inspect$", "");
        return new SvgChart.Series(
                name,
                results.entrySet().stream()
                        .map(e -> new double[] {
                            e.getKey(), value.applyAsDouble(e.getValue().get(command))
                        })
                        .toList());
    }

    /**
     * A gateway state dir with {@code n} committed cycles of one case each, through the engine's own stores:
     * outputs per actor, the event log (rolling into segments), the case index and checkpoint, and state.json.
     */
    private void generate(Path dir, long n) throws Exception {
        StateStore store = new StateStore(dir, "gateway", LogRetention.DEFAULT);
        Files.createDirectories(dir);
        List<String> ids = new ArrayList<>();
        RunnerState state = RunnerState.initial("gateway", 1, io.taumesh.gateway.GatewayGuardrails.DEFAULT);
        CycleReport template = null;
        int batch = 10_000;
        for (long start = 1; start <= n; start += batch) {
            long end = Math.min(n, start + batch - 1);
            Map<String, List<OutputRecord>> outputs = new LinkedHashMap<>();
            List<String> events = new ArrayList<>();
            for (long cycle = start; cycle <= end; cycle++) {
                String caseId = "case-" + cycle;
                String actor = "actor-" + (cycle % actors);
                ids.add(caseId);
                outputs.computeIfAbsent(actor, k -> new ArrayList<>())
                        .add(new OutputRecord(
                                MeshMessage.SCHEMA_VERSION,
                                new OutputRecord.Origin(caseId, actor, cycle, "fixture", "bench"),
                                new OutputRecord.Verdict(
                                        CaseOutcome.SUCCEEDED,
                                        1,
                                        202,
                                        Map.of("actor_id", actor, "kind", "message", "accepted", true, "chars", 42),
                                        null),
                                "2026-01-01T00:00:00Z"));
                template = report(cycle);
                events.add(MeshJson.toJsonString(template));
            }
            store.channels().append(outputs);
            store.events().append(events);
        }
        store.checkpoint(n, 0, ids);
        JsonObject json = MeshJson.toJson(state).put("cycle_count", n).put("last_cycle", MeshJson.toJson(template));
        json.getJsonObject("counters")
                .put("cycles", n)
                .put("cases_processed", n)
                .put("cases_succeeded", n);
        store.writeState(MeshJson.fromJson(json, RunnerState.class));
        if (store.loadCheckpoint().cycleId() != n || store.loadCheckpoint().equals(RunnerCheckpoint.NONE)) {
            throw new IllegalStateException("the generated checkpoint does not cover the history");
        }
    }

    private static CycleReport report(long cycle) {
        JsonObject r = new JsonObject()
                .put("schema_version", 1)
                .put("runtime", "gateway")
                .put("cycle_id", cycle)
                .put("timestamp", "2026-01-01T00:00:00Z")
                .put("timestamp_unix_ms", 1767225600000L + cycle * 1000)
                .put("duration_ms", 3)
                .put("trigger", "batch")
                .put("request_id", "bench")
                .put("traceparent", Correlation.fresh().traceparent())
                .put("reason_codes", new JsonArray().add("healthy_cycle"))
                .put(
                        "counts",
                        new JsonObject()
                                .put("discovered", 1)
                                .put("processed", 1)
                                .put("succeeded", 1)
                                .put("failed", 0)
                                .put("retry_attempts", 0)
                                .put("retryable_failures", 0)
                                .put("duplicates", 0)
                                .put("malformed", 0)
                                .put("queue_depth", 0))
                .put("runtime_counts", new JsonObject())
                .put("health_state", "healthy")
                .put("health_reason", "ok")
                .put("failure_streak", 0)
                .put("rollout_gate", "pass")
                .put("rollout_reason_code", "guardrails_within_thresholds")
                .put("rollout_breaches", new JsonArray())
                .put("notes", new JsonArray());
        return MeshJson.fromJson(r, CycleReport.class);
    }

    /** The median wall time and peak resident memory of {@code java -jar tau-mesh.jar args} over the repeats. */
    private Measured measure(List<String> args) throws Exception {
        List<Measured> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", launcher.toString()));
            command.addAll(args);
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long peak = 0;
            // VmHWM only grows: its last reading before the exit is the peak.
            do {
                peak = Math.max(peak, ProcessMemory.peakKib(p.pid()));
            } while (!p.waitFor(5, java.util.concurrent.TimeUnit.MILLISECONDS));
            double wall = (System.nanoTime() - start) / 1e6;
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue());
            }
            runs.add(new Measured(wall, peak));
        }
        runs.sort(Comparator.comparingDouble(Measured::wallMs));
        Measured median = runs.get(runs.size() / 2);
        long peak = runs.stream().mapToLong(Measured::peakKib).sorted().toArray()[runs.size() / 2];
        return new Measured(median.wallMs(), peak);
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private String markdown(
            List<String> commands,
            Map<Long, Map<String, Measured>> results,
            Map<Long, Long> disk,
            Map<Long, Double> generated) {
        long small = cycles.get(0);
        long large = cycles.get(cycles.size() - 1);
        StringBuilder md = new StringBuilder();
        md.append("## History: opening a state dir, ")
                .append(String.format(Locale.ROOT, "%,d", small))
                .append(" against ")
                .append(String.format(Locale.ROOT, "%,d", large))
                .append(" committed cycles\n\n");
        md.append(BenchReport.machine())
                .append("\n\n`java -jar bench/target/tau-bench.jar history`. Each command is a ")
                .append("separate JVM (`java -jar launcher/target/tau-mesh.jar ...`, median of ")
                .append(repeats)
                .append(
                        " runs; peak resident memory from `/proc/<pid>/status` VmHWM). The large state dir is written through the ")
                .append("engine's own stores (outputs over ")
                .append(actors)
                .append(" actors, the event log rolling into ")
                .append(
                        "compressed segments, the case index and checkpoint, state.json) instead of running the cycles. Target: the ")
                .append("large history within ")
                .append(TARGET_RATIO)
                .append("x of the small one.\n\n");
        md.append("| command | ")
                .append(String.format(Locale.ROOT, "%,d", small))
                .append(" cycles | ")
                .append(String.format(Locale.ROOT, "%,d", large))
                .append(" cycles | time ratio | memory ratio |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (String c : commands) {
            Measured a = results.get(small).get(c);
            Measured b = results.get(large).get(c);
            double timeRatio = b.wallMs() / a.wallMs();
            double memRatio = (double) b.peakKib() / a.peakKib();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f ms, %,d KiB | %.0f ms, %,d KiB | %.2fx %s | %.2fx %s |%n",
                    c,
                    a.wallMs(),
                    a.peakKib(),
                    b.wallMs(),
                    b.peakKib(),
                    timeRatio,
                    timeRatio <= TARGET_RATIO ? "(met)" : "(missed)",
                    memRatio,
                    memRatio <= TARGET_RATIO ? "(met)" : "(missed)"));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nOn disk: %,d KiB for %,d cycles, %,d MiB for %,d (written in %.1f s).%n",
                disk.get(small) >> 10,
                small,
                disk.get(large) >> 20,
                large,
                generated.get(large)));
        return md.toString();
    }
}
