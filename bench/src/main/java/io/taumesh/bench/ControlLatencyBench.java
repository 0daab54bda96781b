package io.taumesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    static final double TARGET_P99_MS = 50;
    private static final Pattern UI = Pattern.compile("web-ui: dashboard http://127\\.0\\.0\\.1:(\\d+)/");

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

    /** What one page has seen: when the dashboard's health view of each cycle arrived (nanos). */
    private static final class Page {
        final Map<Long, Long> healthViewAt = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
        final java.util.Deque<String> lastFrames = new java.util.concurrent.ConcurrentLinkedDeque<>();
        WebSocket socket;
    }

    private record Row(int pages, Latencies toSender, Latencies toAll) {}

    private int sentActions;

    static final int WARM_UP = 300;

    @Override
    public Integer call() throws Exception {
        Path work = System.getenv("TAU_BENCH_TMP") == null
                ? Files.createTempDirectory("tau-control-bench")
                : Files.createTempDirectory(Path.of(System.getenv("TAU_BENCH_TMP")), "tau-control-bench");
        String token = "control-bench-" + UUID.randomUUID();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
        Path meshLog = Files.createTempFile("tau-control-bench-mesh", ".log");
        Process mesh =
                new ProcessBuilder(command).redirectError(meshLog.toFile()).start();
        System.out.println("control: the mesh's log is " + meshLog + " (removed after a clean run)");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        List<Row> rows = new ArrayList<>();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(mesh.getInputStream(), StandardCharsets.UTF_8));
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
            Thread drain = new Thread(
                    () -> {
                        try {
                            out.lines().forEach(l -> {});
                        } catch (java.io.UncheckedIOException closed) {
                            // The mesh ended.
                        }
                    },
                    "mesh-stdout");
            drain.setDaemon(true);
            drain.start();
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000));
            for (int count : pageCounts) {
                List<Page> pages = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    pages.add(open(vertx, client, port, token));
                }
                // Unmeasured actions first: classes loaded and code compiled on both sides.
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
                rows.add(new Row(count, toSender, toAll));
                System.out.printf(
                        Locale.ROOT,
                        "control: %d page(s): to every page p50 %.2f ms, p99 %.2f ms%n",
                        count,
                        toAll.percentileMicros(50) / 1000,
                        toAll.percentileMicros(99) / 1000);
                for (Page page : pages) {
                    page.socket.close();
                }
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            mesh.destroy();
            if (!mesh.waitFor(60, TimeUnit.SECONDS)) {
                mesh.destroyForcibly();
            }
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.deleteIfExists(meshLog);
        BenchReport.writeSection(report, "control", markdown(rows));
        return 0;
    }

    /**
     * A page as the dashboard's own opens it: the bridge's WebSocket, hearing every view without registering, and
     * pinging every 5 s as the page does (the bridge closes a socket that has not pinged for 10 s).
     */
    private static Page open(Vertx vertx, WebSocketClient client, int port, String token) throws Exception {
        Page page = new Page();
        page.socket = client.connect(port, "127.0.0.1", "/eventbus/websocket").await(30, TimeUnit.SECONDS);
        // Its snapshot request shows the token, which admits the page to the views.
        page.socket.writeTextMessage(new JsonObject()
                .put("type", "send")
                .put("address", "ui.control")
                .put("replyAddress", "bench-admit")
                .put("body", new JsonObject().put("op", "snapshot").put("token", token))
                .encode());
        long pinger = vertx.setPeriodic(5_000, id -> page.socket.writeTextMessage("{\"type\":\"ping\"}"));
        page.socket.closeHandler(v -> vertx.cancelTimer(pinger));
        page.socket.textMessageHandler(text -> receive(page, text));
        page.socket.binaryMessageHandler(bytes -> receive(page, bytes.toString(StandardCharsets.UTF_8)));
        return page;
    }

    private static void receive(Page page, String text) {
        long now = System.nanoTime();
        page.lastFrames.addLast(text.length() > 300 ? text.substring(0, 300) : text);
        if (page.lastFrames.size() > 8) {
            page.lastFrames.pollFirst();
        }
        // Only the frames this benchmark looks for are parsed: a hundred pages parsing every view would load its loop.
        if (text.contains("\"type\":\"err\"")) {
            // A refusal carries no reply address: it answers the one request in flight.
            page.replies
                    .values()
                    .forEach(r -> r.completeExceptionally(new IllegalStateException("the bridge refused: " + text)));
            return;
        }
        if (!text.contains("dashboard.health") && !text.contains("bench-reply-")) {
            return;
        }
        JsonObject frame = new JsonObject(text);
        String address = frame.getString("address", "");
        JsonObject body = frame.getJsonObject("body");
        if (address.equals("ui.view.widgets") && body != null && "dashboard.health".equals(body.getString("id"))) {
            Long cycle = body.getJsonObject("data", new JsonObject()).getLong("cycle_id");
            if (cycle != null) {
                page.healthViewAt.putIfAbsent(cycle, now);
            }
        } else {
            CompletableFuture<JsonObject> reply = page.replies.remove(address);
            if (reply != null) {
                reply.complete(frame);
            }
        }
    }

    /**
     * One gateway pause or resume from the first page, with the operator's token; returns the nanos until the
     * sender saw the widget update of its cycle, and until the last page saw it.
     */
    private long[] act(List<Page> pages, String token, int n, Duration limit) throws Exception {
        Page sender = pages.get(0);
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
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer to control action " + sentActions + " (" + action.encode()
                    + ") within " + limit + "; the last frames: " + String.join("\n", sender.lastFrames));
        }
        if (!"accepted".equals(answer.getString("result"))) {
            throw new IllegalStateException("the control action was not accepted: " + answer.encode());
        }
        long cycle = answer.getJsonObject("detail").getLong("cycle_id");
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
        return new long[] {sender.healthViewAt.get(cycle) - sent, last - sent};
    }

    private String markdown(List<Row> rows) {
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
                .append(WARM_UP)
                .append(" unmeasured.\n\n");
        md.append(
                "| open pages | to the sender p50 | p99 | to every page p50 | p99 |\n| ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                    r.pages(),
                    r.toSender().percentileMicros(50) / 1000,
                    r.toSender().percentileMicros(99) / 1000,
                    r.toAll().percentileMicros(50) / 1000,
                    r.toAll().percentileMicros(99) / 1000));
        }
        Row largest = rows.get(rows.size() - 1);
        double p99 = largest.toAll().percentileMicros(99) / 1000;
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
