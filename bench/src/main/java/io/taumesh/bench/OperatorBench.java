package io.taumesh.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What an operator's command against a running mesh costs: each command as an operator runs it ({@code ./tau-mesh
 * ...}, one process per call) against a mesh started as a daemon, beside a bare JVM start and a {@code curl} of
 * {@code /health} measured in the same run; and whether any of them changed the cluster's membership.
 */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description =
                "Wall time, CPU and memory of the commands that ask a running mesh, against a bare JVM start and curl.")
final class OperatorBench implements Callable<Integer> {

    static final double TARGET_MS = 500;

    @Option(
            names = "--repeats",
            defaultValue = "11",
            description = "Calls per command; the median is kept (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--join-repeats",
            defaultValue = "3",
            description = "Calls that join the cluster as a lite member (default: ${DEFAULT-VALUE}).")
    int joinRepeats;

    @Option(
            names = "--tau-mesh",
            defaultValue = "tau-mesh",
            description = "The tau-mesh script (default: ${DEFAULT-VALUE}).")
    Path tauMesh;

    @Option(
            names = "--bench-jar",
            defaultValue = "bench/target/tau-bench.jar",
            description = "This jar, for the bare JVM start (default: ${DEFAULT-VALUE}).")
    Path benchJar;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    /** One call: wall time, CPU time of the process and what it started, and its peak resident memory. */
    record Call(double wallMs, double cpuMs, long peakKib) {}

    /** The median call of a command (by wall time), its 90th percentile wall time, and the median CPU and memory. */
    record Row(String command, double medianMs, double p90Ms, double cpuMs, long peakKib) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-operator-bench");
        String cluster = "bench-operator-" + UUID.randomUUID().toString().substring(0, 8);
        Path daemon = work.resolve("daemon");
        Path socket = work.resolve("supervisor.sock");
        List<String> mesh = List.of(
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--discovery-dir",
                work.resolve("nodes").toString(),
                "--gateway-state-dir",
                work.resolve("gateway").toString(),
                "--dashboard-state-dir",
                work.resolve("dashboard").toString(),
                "--dashboard-path",
                socket.toString(),
                "--daemon-state-dir",
                daemon.toString());
        List<Row> rows = new ArrayList<>();
        long membershipEvents;
        List<Row> joinRows = new ArrayList<>();
        double startMs;
        try {
            long started = System.nanoTime();
            run(concat(script(), List.of("--daemon-start"), mesh), Duration.ofSeconds(120));
            startMs = (System.nanoTime() - started) / 1e6;
            JsonObject state = new JsonObject(Files.readString(daemon.resolve("state.json")));
            String ops = state.getString("ops_url");
            awaitLinked(ops, opsToken(work.resolve("nodes"), ops));
            System.out.printf(Locale.ROOT, "operator: daemon ready in %.0f ms, ops %s%n", startMs, ops);

            rows.add(measure(
                    "bare JVM start (java -cp tau-bench.jar, empty main)",
                    List.of(java(), "-cp", benchJar.toString(), BareJvm.class.getName()),
                    repeats));
            rows.add(measure(
                    "curl -s " + "<ops>/health", List.of("curl", "-sf", "-o", "/dev/null", ops + "/health"), repeats));
            long before = memberEvents(daemon);
            List<String> local = List.of(
                    "--cluster-name",
                    cluster,
                    "--discovery-dir",
                    work.resolve("nodes").toString());
            rows.add(measure(
                    "./tau-mesh --supervisor-health-json",
                    concat(script(), List.of("--supervisor-health-json"), local),
                    repeats));
            rows.add(measure(
                    "./tau-mesh --supervisor-state-json",
                    concat(script(), List.of("--supervisor-state-json"), local),
                    repeats));
            rows.add(measure(
                    "./tau-mesh --supervisor-command remove --supervisor-child ghost (rejected: a full round trip)",
                    concat(script(), List.of("--supervisor-command", "remove", "--supervisor-child", "ghost"), local),
                    repeats));
            rows.add(measure(
                    "./tau-mesh --daemon-status --daemon-status-json",
                    concat(
                            script(),
                            List.of(
                                    "--daemon-status",
                                    "--daemon-status-json",
                                    "--daemon-state-dir",
                                    daemon.toString())),
                    repeats));
            rows.add(measure(
                    "./tau-mesh --relay-watch --relay-watch-frames 2",
                    concat(
                            script(),
                            List.of(
                                    "--relay-watch",
                                    "--relay-watch-frames",
                                    "2",
                                    "--dashboard-path",
                                    socket.toString())),
                    repeats));
            membershipEvents = memberEvents(daemon) - before;

            String member = memberOf(ops);
            joinRows.add(measure(
                    "./tau-mesh --via-cluster --supervisor-health-json (joins as a lite member)",
                    concat(
                            script(),
                            List.of(
                                    "--via-cluster",
                                    "--supervisor-health-json",
                                    "--cluster-name",
                                    cluster,
                                    "--cluster-port",
                                    "0",
                                    "--cluster-members",
                                    member)),
                    joinRepeats));
        } finally {
            run(
                    concat(script(), List.of("--daemon-stop", "--daemon-state-dir", daemon.toString())),
                    Duration.ofSeconds(90));
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        BenchReport.writeSection(report, "operator", markdown(rows, joinRows, membershipEvents, startMs));
        return 0;
    }

    private List<String> script() {
        return List.of("bash", tauMesh.toString());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The ops token of the node at {@code ops}, from its discovery file, as a local command reads it. */
    private static String opsToken(Path nodes, String ops) throws Exception {
        try (Stream<Path> files = Files.list(nodes)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("node-"))
                    .toList()) {
                JsonObject entry = new JsonObject(Files.readString(file));
                if (ops.equals(entry.getString("ops_url"))) {
                    return entry.getString("ops_token");
                }
            }
        }
        throw new IllegalStateException("no discovery file in " + nodes + " names " + ops);
    }

    /** The relay linked to the supervisor: the mesh as an operator finds it once started. */
    private static void awaitLinked(String ops, String token) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(ops + "/mesh/supervisor/health"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200
                        && "connected".equals(new JsonObject(health.body()).getString("dashboard_link"))) {
                    return;
                }
            } catch (IOException notYet) {
                // The ops endpoint comes up with the mesh.
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the mesh's relay did not link within 60 s");
    }

    private static String memberOf(String ops) throws Exception {
        return new JsonObject(HTTP.send(
                                HttpRequest.newBuilder(URI.create(ops + "/cluster"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .getString("local_member");
    }

    /** Member joins and leaves the mesh has logged so far. */
    private static long memberEvents(Path daemon) throws IOException {
        try (Stream<String> lines = Files.lines(daemon.resolve("daemon.log"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("member joined") || l.contains("member left"))
                    .count();
        }
    }

    private static Row measure(String name, List<String> command, int times) throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            calls.add(run(command, Duration.ofSeconds(60)));
        }
        List<Call> byWall =
                calls.stream().sorted(Comparator.comparingDouble(Call::wallMs)).toList();
        double p90 = byWall.get(Math.min(byWall.size() - 1, (int) Math.ceil(byWall.size() * 0.9) - 1))
                .wallMs();
        double cpu = calls.stream().mapToDouble(Call::cpuMs).sorted().toArray()[calls.size() / 2];
        long peak = calls.stream().mapToLong(Call::peakKib).sorted().toArray()[calls.size() / 2];
        Row row = new Row(name, byWall.get(byWall.size() / 2).wallMs(), p90, cpu, peak);
        System.out.printf(
                Locale.ROOT,
                "operator: %s: median %.0f ms, p90 %.0f ms, CPU %.0f ms, peak %,d KiB%n",
                name,
                row.medianMs(),
                row.p90Ms(),
                row.cpuMs(),
                row.peakKib());
        return row;
    }

    /**
     * Runs a command to its end: wall time; CPU time from the shell's own account of its children ({@code times});
     * peak resident memory sampled from {@code /proc} (the script execs the JVM, so the pid stays the same).
     */
    private static Call run(List<String> command, Duration limit) throws Exception {
        List<String> timed = new ArrayList<>(
                List.of("bash", "-c", "\"$@\" >/dev/null 2>&1; status=$?; times; exit $status", "timed"));
        timed.addAll(command);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(timed).redirectErrorStream(true).start();
        long peak = 0;
        long deadline = start + limit.toNanos();
        do {
            for (ProcessHandle child : p.descendants().toList()) {
                peak = Math.max(peak, ProcessMemory.peakKib(child.pid()));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + limit);
            }
        } while (!p.waitFor(5, TimeUnit.MILLISECONDS));
        double wall = (System.nanoTime() - start) / 1e6;
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return new Call(wall, childCpuMs(out), peak);
    }

    /** The second line of bash's {@code times}: user and system time of the shell's children, as {@code 0m0.412s 0m0.048s}. */
    static double childCpuMs(String times) {
        List<String> lines = times.lines()
                .filter(l -> l.matches("\\d+m[\\d.]+s \\d+m[\\d.]+s"))
                .toList();
        if (lines.size() < 2) {
            return Double.NaN;
        }
        double ms = 0;
        for (String part : lines.get(1).split(" ")) {
            String[] minSec = part.replace("s", "").split("m");
            ms += (Long.parseLong(minSec[0]) * 60 + Double.parseDouble(minSec[1])) * 1000;
        }
        return ms;
    }

    private String markdown(List<Row> rows, List<Row> joinRows, long membershipEvents, double startMs) {
        Row bare = rows.get(0);
        StringBuilder md = new StringBuilder("## Operator commands against a running mesh\n\n");
        md.append(BenchReport.machine())
                .append("\n\n`java -jar bench/target/tau-bench.jar operator`: a mesh started with ")
                .append("`./tau-mesh --daemon-start` (ready in ")
                .append(String.format(Locale.ROOT, "%.0f", startMs))
                .append(" ms, relay linked), then each command run as an operator runs it, one process per call, ")
                .append(repeats)
                .append(
                        " calls each (median and 90th percentile wall time; CPU of the process and all it started; peak ")
                .append("resident memory). Target: median at most ")
                .append(String.format(Locale.ROOT, "%.0f", TARGET_MS))
                .append(" ms, and no change of the cluster's membership.\n\n");
        md.append(
                "| command | median | p90 | CPU | peak memory | vs bare JVM |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            boolean command = r.command().startsWith("./tau-mesh");
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f ms%s | %.0f ms | %.0f ms | %,d KiB | %.2fx |%n",
                    r.command(),
                    r.medianMs(),
                    command ? (r.medianMs() <= TARGET_MS ? " (met)" : " (missed)") : "",
                    r.p90Ms(),
                    r.cpuMs(),
                    r.peakKib(),
                    r.medianMs() / bare.medianMs()));
        }
        for (Row r : joinRows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f ms | %.0f ms | %.0f ms | %,d KiB | %.2fx |%n",
                    r.command(),
                    r.medianMs(),
                    r.p90Ms(),
                    r.cpuMs(),
                    r.peakKib(),
                    r.medianMs() / bare.medianMs()));
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
}
