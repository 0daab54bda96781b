package io.taumesh.bench;

import io.taumesh.core.runner.storage.JsonLines;
import io.taumesh.core.security.MeshCredentialsFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The gateway's durable HTTP ingress (each 202 sent once its request is forced to disk) under {@code wrk}, against a
 * route of the same server that writes nothing and against one writer forcing each line on the same disk, all in
 * one run: over 1 to 256 connections on an idle gateway, then at 64 connections while fixture cycles run.
 */
@Command(
        name = "ingress",
        mixinStandardHelpOptions = true,
        description =
                "Durable HTTP ingress (group commit) vs a route that writes nothing vs one fsync per line, with wrk.")
final class IngressBench implements Callable<Integer> {

    static final String BODY = "{\"kind\":\"message\",\"text\":\"hello from a load generator\"}";

    @Option(names = "--root", defaultValue = ".", description = "The repository, with the gateway's jar built.")
    Path root;

    @Option(
            names = "--seconds",
            defaultValue = "8",
            description = "Length of each wrk run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--connections",
            split = ",",
            defaultValue = "1,4,16,64,256",
            description = "Connection counts of the sweep (default: ${DEFAULT-VALUE}).")
    List<Integer> connections;

    @Option(
            names = "--fixture-cases",
            defaultValue = "200000",
            description = "Cases of the fixture whose cycles run beside the load (default: ${DEFAULT-VALUE}).")
    int fixtureCases;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-ingress-bench");
        try {
            Path jar = root.toAbsolutePath()
                    .resolve("gateway-svc")
                    .resolve("target")
                    .resolve("gateway-svc.jar");
            Path credentials = work.resolve("credentials");
            MeshCredentialsFile.at(credentials).loadOrCreate();
            Path script = WrkRun.postScript(work, BODY);
            double fsyncPerSecond = fsyncRate(work.resolve("fsync"), 3);
            System.out.printf(Locale.ROOT, "ingress: one writer, a force per line: %.0f lines/s%n", fsyncPerSecond);
            IngressReport.Sweep sweep;
            try (GatewayProcess gateway = GatewayProcess.start(jar, work.resolve("idle"), credentials, List.of())) {
                sweep = sweep(gateway, script);
            }
            IngressReport.Sweep busy;
            Path fixture = writeFixture(work, fixtureCases);
            List<String> cycling =
                    List.of("--gateway-fixture", fixture.toString(), "--gateway-cycle-interval-ms", "50");
            try (GatewayProcess gateway = GatewayProcess.start(jar, work.resolve("cycles"), credentials, cycling)) {
                busy = withCycles(gateway, script);
            }
            BenchReport.publish(
                    "ingress",
                    report,
                    "ingress",
                    new IngressReport(seconds, fsyncPerSecond, fixtureCases).render(sweep, busy, report));
            return 0;
        } finally {
            Directories.deleteTreeQuietly(work);
        }
    }

    /** Both routes at each connection count, after a warm-up of each; then what the ingress wrote. */
    private IngressReport.Sweep sweep(GatewayProcess gateway, Path script) throws Exception {
        WrkRun.run(gateway.ingress("/v1/actors/wrk/requests"), 64, 5, script);
        WrkRun.run(gateway.ingress("/v1/actors/wrk"), 64, 3, null);
        double recordsBefore = gateway.metric("tau_runner_outside_records_total");
        double writesBefore = gateway.metric("tau_runner_outside_writes_total");
        List<WrkRun> plain = new ArrayList<>();
        List<WrkRun> durable = new ArrayList<>();
        for (int c : connections) {
            plain.add(print("writes nothing", WrkRun.run(gateway.ingress("/v1/actors/wrk"), c, seconds, null)));
            durable.add(print("durable", WrkRun.run(gateway.ingress("/v1/actors/wrk/requests"), c, seconds, script)));
        }
        double records = gateway.metric("tau_runner_outside_records_total") - recordsBefore;
        double writes = gateway.metric("tau_runner_outside_writes_total") - writesBefore;
        return new IngressReport.Sweep(
                plain, durable, records, writes, 0, gateway.metric("tau_runner_outside_refused_total"));
    }

    /** Both routes at 64 connections while the fixture's cycles run; the cycles committed meanwhile are counted. */
    private IngressReport.Sweep withCycles(GatewayProcess gateway, Path script) throws Exception {
        WrkRun.run(gateway.ingress("/v1/actors/wrk/requests"), 64, 3, script);
        double cyclesBefore = gateway.metric("tau_runner_cycles_total");
        double recordsBefore = gateway.metric("tau_runner_outside_records_total");
        double writesBefore = gateway.metric("tau_runner_outside_writes_total");
        WrkRun plain = print(
                "writes nothing, cycles running", WrkRun.run(gateway.ingress("/v1/actors/wrk"), 64, seconds, null));
        WrkRun durable = print(
                "durable, cycles running", WrkRun.run(gateway.ingress("/v1/actors/wrk/requests"), 64, seconds, script));
        double cycles = gateway.metric("tau_runner_cycles_total") - cyclesBefore;
        if (gateway.metric("tau_runner_queue_depth") == 0) {
            throw new IllegalStateException("the fixture drained before the load ended: raise --fixture-cases");
        }
        return new IngressReport.Sweep(
                List.of(plain),
                List.of(durable),
                gateway.metric("tau_runner_outside_records_total") - recordsBefore,
                gateway.metric("tau_runner_outside_writes_total") - writesBefore,
                cycles,
                gateway.metric("tau_runner_outside_refused_total"));
    }

    private static WrkRun print(String route, WrkRun run) {
        System.out.printf(
                Locale.ROOT,
                "ingress: %s, %d connections: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d%n",
                route,
                run.connections(),
                run.requestsPerSecond(),
                run.p50Ms(),
                run.p99Ms(),
                run.non2xx());
        return run;
    }

    /** One writer appending a 200-byte line and forcing it, through the runner's own append, for {@code s} seconds. */
    static double fsyncRate(Path file, int s) throws Exception {
        Files.createDirectories(file.getParent());
        String line = "x".repeat(198);
        long end = System.nanoTime() + s * 1_000_000_000L;
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            JsonLines.append(file, List.of("\"" + line + "\""));
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Cases over 50 actors (none of them the load's), so that cycles and the load share the disk, not channels. */
    private static Path writeFixture(Path dir, int size) throws Exception {
        JsonArray cases = new JsonArray();
        for (int i = 0; i < size; i++) {
            cases.add(new JsonObject()
                    .put("case_id", "cycle-" + i)
                    .put("actor_id", "actor-" + (i % 50))
                    .put("request", new JsonObject().put("kind", "message").put("text", "fixture message " + i))
                    .put("expect", new JsonObject().put("status", 202)));
        }
        Path file = dir.resolve("cycles.json");
        Files.writeString(
                file,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", "gateway")
                        .put("cases", cases)
                        .encode());
        return file;
    }
}
