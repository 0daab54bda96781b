package io.taumesh.bench;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.RunnerService;
import io.taumesh.core.runner.engine.CaseProcessor;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureEntry.Valid;
import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.gateway.GatewayGuardrails;
import io.taumesh.gateway.GatewayRuntime;
import io.taumesh.gateway.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The gateway contract runner end to end (fixture read, every case through the gateway's ingress, outputs,
 * state and event line forced to disk every cycle) against only parsing the same fixture, in the same run.
 */
@Command(
        name = "runner",
        mixinStandardHelpOptions = true,
        description =
                "Gateway contract runner throughput with state persisted every cycle, vs parsing the fixture alone.")
final class RunnerBench implements Callable<Integer> {

    static final double TARGET_CASES_PER_SECOND = 20_000;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "1000,10000,100000",
            description = "Fixture sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
            names = "--queue-limits",
            split = ",",
            defaultValue = RunnerService.DEFAULT_QUEUE_LIMIT + ",64",
            description =
                    "Cases per cycle: the gateway's default, and a small limit whose cycles are mostly commit (default: ${DEFAULT-VALUE}).")
    List<Integer> queueLimits;

    @Option(
            names = "--actors",
            defaultValue = "8",
            description = "Actors the cases are spread over (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(
            names = "--parse-repeats",
            defaultValue = "3",
            description = "Parse-only timings per size; the median is kept (default: ${DEFAULT-VALUE}).")
    int parseRepeats;

    @Option(
            names = "--max-seconds",
            defaultValue = "240",
            description = "Hard bound on the whole benchmark (default: ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    private record Row(int cases, int queueLimit, long cycles, double parseMs, double runMs) {
        double casesPerSecond() {
            return cases / (runMs / 1000.0);
        }

        double microsPerCase() {
            return runMs * 1000.0 / cases;
        }
    }

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        Path work = Files.createTempDirectory("tau-runner-bench");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        List<Row> rows = new ArrayList<>();
        try {
            // Warm the JIT on a small run so that the first measured size is not paying for compilation.
            runOnce(vertx, writeFixture(work, 2_000), work.resolve("warmup"), queueLimits.get(0));
            for (int size : sizes) {
                Path fixture = writeFixture(work, size);
                double parseMs = medianParseMs(fixture);
                for (int limit : queueLimits) {
                    if (System.nanoTime() > deadline) {
                        System.out.println("runner: stopped at the --max-seconds bound");
                        break;
                    }
                    Path state = work.resolve("state-" + size + "-" + limit);
                    long start = System.nanoTime();
                    long cycles = runOnce(vertx, fixture, state, limit);
                    double runMs = (System.nanoTime() - start) / 1e6;
                    Row row = new Row(size, limit, cycles, parseMs, runMs);
                    rows.add(row);
                    System.out.printf(
                            Locale.ROOT,
                            "runner: %d cases, queue limit %d: %d cycles in %.0f ms (%.0f cases/s); parse alone %.1f ms%n",
                            size,
                            limit,
                            cycles,
                            runMs,
                            row.casesPerSecond(),
                            parseMs);
                }
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            Directories.deleteTree(work);
        }
        BenchReport.publish("runner", report, "runner", render(rows));
        return 0;
    }

    private long runOnce(Vertx vertx, Path fixture, Path stateDir, int queueLimit) throws Exception {
        GatewaySettings settings = new GatewaySettings(
                stateDir,
                List.of(fixture),
                queueLimit,
                0,
                RetryPolicy.DEFAULT,
                GatewayGuardrails.DEFAULT,
                "127.0.0.1",
                0);
        Promise<Long> done = Promise.promise();
        vertx.getOrCreateContext()
                .runOnContext(v -> GatewayRuntime.runToCompletion(vertx, settings, Integer.MAX_VALUE, r -> {})
                        .map(runtime -> runtime.runner().state().cycleCount())
                        .onComplete(done));
        return done.future().await(10, TimeUnit.MINUTES);
    }

    private double medianParseMs(Path fixture) throws Exception {
        FixtureLoader loader = new FixtureLoader(new RuntimeProfile(
                        GatewayRuntime.RUNTIME,
                        GatewayRuntime.CHANNEL_FIELD,
                        parseOnlyProcessor(),
                        GatewayGuardrails.DEFAULT)
                .fixtureFormat());
        double[] times = new double[parseRepeats];
        for (int i = 0; i < parseRepeats; i++) {
            long start = System.nanoTime();
            loader.load(fixture);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return Percentiles.median(times);
    }

    /** Validates like the gateway (a {@code request} object) but is never asked to process. */
    private static CaseProcessor parseOnlyProcessor() {
        return new CaseProcessor() {
            @Override
            public Set<String> caseFields() {
                return Set.of("request");
            }

            @Override
            public Optional<FieldError> validate(JsonObject c) {
                return c.getValue("request") instanceof JsonObject
                        ? Optional.empty()
                        : Optional.of(new FieldError("request", "must be an object"));
            }

            @Override
            public Future<CaseResult> process(Valid c, int a, Correlation k) {
                throw new UnsupportedOperationException("parse only");
            }
        };
    }

    private Path writeFixture(Path dir, int size) throws Exception {
        JsonArray cases = new JsonArray();
        for (int i = 0; i < size; i++) {
            JsonObject c = new JsonObject().put("case_id", "bench-" + i).put("actor_id", "actor-" + (i % actors));
            if (i % 10 == 9) {
                c.put("request", new JsonObject().put("kind", "ping"))
                        .put("expect", new JsonObject().put("status", 200));
            } else {
                c.put("request", new JsonObject().put("kind", "message").put("text", "benchmark message number " + i))
                        .put("expect", new JsonObject().put("status", 202));
            }
            cases.add(c);
        }
        Path file = dir.resolve("bench-" + size + ".json");
        Files.writeString(
                file,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "gateway")
                        .put("cases", cases)
                        .encode());
        return file;
    }

    private String render(List<Row> rows) {
        StringBuilder md = new StringBuilder("## Gateway contract runner throughput\n\n");
        md.append(BenchReport.machine()).append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Generated fixtures spread over %d actors (nine messages to one ping). A run reads the "
                        + "fixture and takes every case through the gateway's ingress. Each cycle forces the channel outputs, `state.json` "
                        + "(temp file, fsync, rename) and its event line to disk. The baseline is parsing and validating the same fixture "
                        + "alone (median of %d).%n%n",
                actors,
                parseRepeats));
        md.append(
                "| cases | queue limit | cycles | run (ms) | cases/s | µs per case | parse alone (ms) | run / parse |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %.0f | %.0f | %.1f | %.1f | %.1fx |%n",
                    r.cases(),
                    r.queueLimit(),
                    r.cycles(),
                    r.runMs(),
                    r.casesPerSecond(),
                    r.microsPerCase(),
                    r.parseMs(),
                    r.runMs() / r.parseMs()));
        }
        for (int limit : queueLimits) {
            List<Row> series = rows.stream()
                    .filter(r -> r.queueLimit() == limit)
                    .sorted(Comparator.comparingInt(Row::cases))
                    .toList();
            if (series.size() >= 2) {
                md.append(verdict(limit, series.get(0), series.get(series.size() - 1)));
            }
        }
        return md.toString();
    }

    /** One queue limit: the throughput at the largest fixture (the target), and how the cost per case grows. */
    private static String verdict(int limit, Row small, Row large) {
        boolean met = large.casesPerSecond() >= TARGET_CASES_PER_SECOND;
        return String.format(
                Locale.ROOT,
                "%nQueue limit %d%s: %.0f cases/s at %d cases; cost per case %.1f µs at %d and %.1f µs "
                        + "at %d cases (%.2fx: %s). Target >= %.0f cases/s: **%s**.%n",
                limit,
                limit == RunnerService.DEFAULT_QUEUE_LIMIT ? " (the default)" : "",
                large.casesPerSecond(),
                large.cases(),
                small.microsPerCase(),
                small.cases(),
                large.microsPerCase(),
                large.cases(),
                large.microsPerCase() / small.microsPerCase(),
                large.microsPerCase() / small.microsPerCase() <= 1.5 ? "linear" : "growing faster than linear",
                TARGET_CASES_PER_SECOND,
                met ? "met" : "missed");
    }
}
