package io.taumesh.bench;

import io.taumesh.bench.ControlReport.Row;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end control latency: a control action sent on the bridge by one page of the running mesh (a gateway
 * pause or resume, routed through the dashboard runner as a cycle of one case, committed to disk) until the widget
 * view that cycle changed has reached every open page.
 */
@Command(
        name = "control",
        mixinStandardHelpOptions = true,
        description =
                "Latency from a control action on the bridge to its widget update at every one of 1 and 100 open pages.")
final class ControlLatencyBench implements Callable<Integer> {

    private static final Pattern UI = Pattern.compile("web-ui: dashboard http://127\\.0\\.0\\.1:(\\d+)/");

    static final int WARM_UP = 300;

    @Option(
            names = "--pages",
            split = ",",
            defaultValue = "1,100",
            description = "Open pages (default: ${DEFAULT-VALUE}).")
    List<Integer> pageCounts;

    @Option(
            names = "--actions",
            defaultValue = "60",
            description = "Control actions per page count (default: ${DEFAULT-VALUE}).")
    int actions;

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

    private int sentActions;

    @Override
    public Integer call() throws Exception {
        Path work = System.getenv("TAU_BENCH_TMP") == null
                ? Files.createTempDirectory("tau-control-bench")
                : Files.createTempDirectory(Path.of(System.getenv("TAU_BENCH_TMP")), "tau-control-bench");
        String token = "control-bench-" + UUID.randomUUID();
        Path meshLog = Files.createTempFile("tau-control-bench-mesh", ".log");
        Process mesh = new ProcessBuilder(meshCommand(work, token))
                .redirectError(meshLog.toFile())
                .start();
        System.out.println("control: the mesh's log is " + meshLog + " (removed after a clean run)");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        List<Row> rows = new ArrayList<>();
        try {
            int port = awaitDashboard(mesh);
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000));
            for (int count : pageCounts) {
                rows.add(measure(vertx, client, port, token, count));
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            Processes.terminate(mesh, 60);
            Directories.deleteTree(work);
        }
        Files.deleteIfExists(meshLog);
        BenchReport.writeSection(report, "control", new ControlReport(actions, WARM_UP).markdown(rows));
        return 0;
    }

    /** The all-in-one mesh with its defaults, alone: its own cluster, no discovery, state under the work dir. */
    private List<String> meshCommand(Path work, String token) {
        return List.of(
                Processes.java(),
                "-jar",
                launcher.toString(),
                "--cluster-name",
                "bench-control-" + UUID.randomUUID().toString().substring(0, 8),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--discovery-dir",
                "none",
                "--gateway-state-dir",
                work.resolve("gateway").toString(),
                "--dashboard-state-dir",
                work.resolve("dashboard").toString(),
                "--dashboard-path",
                work.resolve("s.sock").toString(),
                "--ui-token",
                token);
    }

    /** The dashboard's port, from the mesh's output up to its ready line; the rest of the output is drained. */
    private static int awaitDashboard(Process mesh) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(mesh.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        for (String line; (line = out.readLine()) != null && !line.contains(": ready;"); ) {
            Matcher m = UI.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        if (port < 0) {
            throw new IllegalStateException("the mesh did not print its dashboard's URL");
        }
        Processes.drain(out, "mesh-stdout");
        return port;
    }

    /** {@code count} pages open; unmeasured actions first (classes loaded and code compiled on both sides), then the measured. */
    private Row measure(Vertx vertx, WebSocketClient client, int port, String token, int count) throws Exception {
        List<ControlPage> pages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pages.add(ControlPage.open(vertx, client, port, token));
        }
        for (int i = 0; i < WARM_UP; i++) {
            act(pages, token, i, Duration.ofSeconds(30));
        }
        Latencies toSender = new Latencies();
        Latencies toAll = new Latencies();
        for (int i = 0; i < actions; i++) {
            long[] measured = act(pages, token, 1000 + i, Duration.ofSeconds(30));
            toSender.add(measured[0]);
            toAll.add(measured[1]);
        }
        System.out.printf(
                Locale.ROOT,
                "control: %d page(s): to every page p50 %.2f ms, p99 %.2f ms%n",
                count,
                toAll.percentileMillis(50),
                toAll.percentileMillis(99));
        for (ControlPage page : pages) {
            page.socket.close();
        }
        return new Row(count, toSender, toAll);
    }

    /**
     * One gateway pause or resume from the first page, with the operator's token; returns the nanos until the
     * sender saw the widget update of its cycle, and until the last page saw it.
     */
    private long[] act(List<ControlPage> pages, String token, int n, Duration limit) throws Exception {
        ControlPage sender = pages.get(0);
        String replyAddress = "bench-reply-" + n;
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        sender.replies.put(replyAddress, reply);
        // Pause and resume in turn, whichever row this is: each is accepted.
        JsonObject action = new JsonObject()
                .put("target", "gateway")
                .put("action", (sentActions++ % 2 == 0) ? "pause" : "resume")
                .put("idempotency_key", "bench-" + UUID.randomUUID());
        String frame = new JsonObject()
                .put("type", "send")
                .put("address", "ui.control")
                .put("replyAddress", replyAddress)
                .put("body", new JsonObject().put("action", action).put("token", token))
                .encode();
        long sent = System.nanoTime();
        sender.socket.writeTextMessage(frame);
        JsonObject answer;
        try {
            answer = reply.get(limit.toMillis(), TimeUnit.MILLISECONDS).getJsonObject("body");
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer to control action " + sentActions + " (" + action.encode()
                    + ") within " + limit + "; the last frames: " + String.join("\n", sender.lastFrames));
        }
        if (!"accepted".equals(answer.getString("result"))) {
            throw new IllegalStateException("the control action was not accepted: " + answer.encode());
        }
        long cycle = answer.getJsonObject("detail").getLong("cycle_id");
        return arrivals(pages, cycle, sent, limit);
    }

    /** Nanos from {@code sent} until the sender, and the last of the pages, saw the health view of the cycle. */
    private static long[] arrivals(List<ControlPage> pages, long cycle, long sent, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pages.stream().anyMatch(p -> !p.healthViewAt.containsKey(cycle))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the widget update of cycle " + cycle + " did not reach every page within " + limit);
            }
            Thread.onSpinWait();
            TimeUnit.MICROSECONDS.sleep(200);
        }
        long last =
                pages.stream().mapToLong(p -> p.healthViewAt.get(cycle)).max().orElseThrow();
        return new long[] {pages.get(0).healthViewAt.get(cycle) - sent, last - sent};
    }
}
