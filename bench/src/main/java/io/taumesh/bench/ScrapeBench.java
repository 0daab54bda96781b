package io.taumesh.bench;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.MeshRuntime;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayGuardrails;
import io.taumesh.gateway.GatewaySettings;
import io.taumesh.gateway.GatewayVerticle;
import io.taumesh.supervisor.SupervisorSettings;
import io.taumesh.supervisor.SupervisorVerticle;
import io.taumesh.webui.WebUiVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of a Prometheus scrape of a busy mesh node's {@code /metrics} (supervisor, gateway, dashboard and web UI,
 * with the gateway running cycles and taking HTTP requests, and control actions coming in), against a bare Vert.x
 * node that serves only the JVM's metrics, scraped alternately in the same run.
 */
@Command(
        name = "scrape",
        mixinStandardHelpOptions = true,
        description =
                "Time and bytes of a /metrics scrape on a busy mesh node vs a bare Vert.x node with JVM metrics only.")
final class ScrapeBench implements Callable<Integer> {

    /** Prometheus's default scrape interval, against which a scrape's cost is put. */
    static final double SCRAPE_INTERVAL_SECONDS = 15;

    static final double TARGET_P99_MS = 50;

    @Option(
            names = "--scrapes",
            defaultValue = "300",
            description = "Scrapes of each target (default: ${DEFAULT-VALUE}).")
    int scrapes;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "10",
            description =
                    "Busy time before measuring, so that every meter exists and the JIT has run (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    private record Target(String name, String url, Latencies latencies, long bytes, long series, long tauSeries) {}

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-scrape-bench");
        int ingressPort = freePort();
        MeshRuntime mesh = MeshRuntime.start(
                        NodeSettings.loopback("tau-scrape-bench-"
                                + UUID.randomUUID().toString().substring(0, 8)),
                        List.of(new ServiceUnit(
                                MeshService.SUPERVISOR, SupervisorVerticle::new, supervision(work, ingressPort))))
                .await(120, TimeUnit.SECONDS);
        Vertx bare = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        PrometheusMeterRegistry jvmOnly = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List.of(
                        new JvmInfoMetrics(),
                        new ClassLoaderMetrics(),
                        new JvmMemoryMetrics(),
                        new JvmGcMetrics(),
                        new JvmThreadMetrics(),
                        new JvmCompilationMetrics(),
                        new JvmHeapPressureMetrics(),
                        new ProcessorMetrics(),
                        new UptimeMetrics())
                .forEach(binder -> binder.bindTo(jvmOnly));
        Router router = Router.router(bare);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(jvmOnly));
        HttpServer bareServer = bare.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(30, TimeUnit.SECONDS);

        AtomicBoolean busy = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        Thread load = new Thread(() -> drive(mesh, ingressPort, busy, requests), "scrape-bench-load");
        load.start();
        HttpClient http = HttpClient.newHttpClient();
        Target node;
        Target baseline;
        try {
            Thread.sleep(warmupSeconds * 1000L);
            Latencies nodeTimes = new Latencies();
            Latencies bareTimes = new Latencies();
            String nodeUrl = mesh.opsUrl() + "/metrics";
            String bareUrl = "http://127.0.0.1:" + bareServer.actualPort() + "/metrics";
            for (int i = 0; i < 20; i++) {
                scrape(http, nodeUrl, null);
                scrape(http, bareUrl, null);
            }
            for (int i = 0; i < scrapes; i++) {
                scrape(http, nodeUrl, nodeTimes);
                scrape(http, bareUrl, bareTimes);
            }
            node = describe("busy mesh node", nodeUrl, nodeTimes, scrape(http, nodeUrl, null));
            baseline = describe("bare Vert.x node, JVM metrics only", bareUrl, bareTimes, scrape(http, bareUrl, null));
        } finally {
            busy.set(false);
            load.join(30_000);
            bare.close().await(30, TimeUnit.SECONDS);
            mesh.close().await(60, TimeUnit.SECONDS);
        }
        for (Target t : List.of(node, baseline)) {
            System.out.printf(
                    Locale.ROOT,
                    "scrape: %s: %d series (%d tau_*), %d bytes, p50 %.2f ms, p99 %.2f ms%n",
                    t.name(),
                    t.series(),
                    t.tauSeries(),
                    t.bytes(),
                    t.latencies().percentileMicros(50) / 1000,
                    t.latencies().percentileMicros(99) / 1000);
        }
        String markdown = render(node, baseline, requests.get());
        System.out.println(markdown);
        BenchReport.writeSection(report, "scrape", markdown);
        System.out.println("scrape: report section written to " + report);
        return 0;
    }

    /** The all-in-one mesh's supervision, the relay aside (it is a process of its own, with its own /metrics). */
    private static JsonObject supervision(Path work, int ingressPort) {
        Path fixtures = Path.of("fixtures").toAbsolutePath();
        JsonObject gateway = new GatewaySettings(
                        work.resolve("gateway"),
                        List.of(
                                fixtures.resolve("gateway/failures.json"),
                                fixtures.resolve("gateway/retry.json"),
                                fixtures.resolve("gateway/malformed.json")),
                        4,
                        200,
                        RetryPolicy.DEFAULT,
                        GatewayGuardrails.DEFAULT,
                        "127.0.0.1",
                        ingressPort)
                .toConfig();
        JsonObject dashboard = DashboardVerticle.SERVICE.toConfig(new RunnerSettings(
                work.resolve("dashboard"),
                List.of(fixtures.resolve("dashboard/healthy.json"), fixtures.resolve("dashboard/retry.json")),
                4,
                200,
                RetryPolicy.DEFAULT));
        JsonObject webui = new JsonObject()
                .put(
                        "webui",
                        new JsonObject()
                                .put("host", "127.0.0.1")
                                .put("port", 0)
                                .put("token", "scrape-bench-token-0000"));
        JsonArray children = new JsonArray()
                .add(child("gateway", GatewayVerticle.class.getName(), gateway))
                .add(child("dashboard", DashboardVerticle.class.getName(), dashboard))
                .add(child("webui", WebUiVerticle.class.getName(), webui));
        return new SupervisorSettings(
                        null, new JsonObject().put("schema_version", 1).put("children", children))
                .toConfig();
    }

    private static JsonObject child(String id, String target, JsonObject config) {
        return new JsonObject()
                .put("id", id)
                .put("kind", "verticle")
                .put("target", target)
                .put("config", config)
                .put("restart", "permanent");
    }

    /** HTTP requests of many actors to the gateway's ingress, status requests, and control actions, until stopped. */
    private static void drive(MeshRuntime mesh, int ingressPort, AtomicBoolean busy, AtomicLong requests) {
        HttpClient http = HttpClient.newHttpClient();
        Vertx vertx = mesh.node().vertx();
        long n = 0;
        while (busy.get()) {
            n++;
            try {
                String body =
                        n % 5 == 0 ? "{\"kind\":\"message\"}" : "{\"kind\":\"message\",\"text\":\"load " + n + "\"}";
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingressPort + "/v1/actors/actor-"
                                        + (n % 50) + "/requests"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (n % 10 == 0) {
                    http.send(
                            HttpRequest.newBuilder(URI.create(mesh.opsUrl() + "/mesh/status/gateway"))
                                    .header("Authorization", "Bearer " + mesh.opsToken())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                if (n % 25 == 0) {
                    JsonObject action = new JsonObject()
                            .put("target", "gateway")
                            .put("action", n % 50 == 0 ? "run_cycle" : "reset_streak");
                    MeshBus.request(vertx, Addresses.DASHBOARD_CONTROL, action, Correlation.fresh(), 5_000)
                            .await(10, TimeUnit.SECONDS);
                }
                requests.incrementAndGet();
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // A request that failed under load is load all the same.
            }
        }
    }

    /** One scrape: its body, timed into {@code into} when given. */
    private static String scrape(HttpClient http, String url, Latencies into) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        if (into != null) {
            into.add(took);
        }
        return response.body();
    }

    private static Target describe(String name, String url, Latencies latencies, String body) {
        long series =
                body.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        long tau = body.lines().filter(l -> l.startsWith("tau_")).count();
        return new Target(
                name, url, latencies, body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, series, tau);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String render(Target node, Target baseline, long requests) {
        StringBuilder md = new StringBuilder("## Scrape cost of /metrics\n\n");
        md.append(BenchReport.machine()).append("\n\n");
        md.append(
                        "One JVM runs a busy mesh node, as `./tau-mesh` runs it but for the relay (a process of its own with its "
                                + "own `/metrics`): the supervisor with the gateway, the dashboard and the web UI as its children. The gateway "
                                + "runs cycles on failing, retrying and malformed fixtures and takes HTTP requests of 50 actors, and control "
                                + "actions come in (")
                .append(requests)
                .append(" requests in the run). The baseline is a bare Vert.x node in the "
                        + "same JVM that serves the JVM's metrics only. Each target is scraped ")
                .append(scrapes)
                .append(" times, " + "alternately, over HTTP on loopback, after ")
                .append(warmupSeconds)
                .append(" s of load and 20 scrapes each to warm up.\n\n");
        md.append(
                "| target | series | of them tau_* | bytes | p50 (ms) | p99 (ms) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Target t : List.of(node, baseline)) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.2f | %.2f |%n",
                    t.name(),
                    t.series(),
                    t.tauSeries(),
                    t.bytes(),
                    t.latencies().percentileMicros(50) / 1000,
                    t.latencies().percentileMicros(99) / 1000));
        }
        double p50 = node.latencies().percentileMicros(50) / 1000;
        double p99 = node.latencies().percentileMicros(99) / 1000;
        md.append(String.format(
                Locale.ROOT,
                "%nBusy node / bare node: bytes **%.1fx**, series %.1fx, p50 **%.1fx**. "
                        + "At Prometheus's default %.0f s interval, a scrape of the busy node lasts %.3f%% of the interval at p50. "
                        + "p99 %.2f ms: target <= %.0f ms **%s**.%n",
                (double) node.bytes() / baseline.bytes(),
                (double) node.series() / baseline.series(),
                p50 / (baseline.latencies().percentileMicros(50) / 1000),
                SCRAPE_INTERVAL_SECONDS,
                p50 / (SCRAPE_INTERVAL_SECONDS * 1000) * 100,
                p99,
                TARGET_P99_MS,
                p99 <= TARGET_P99_MS ? "met" : "missed"));
        return md.toString();
    }
}
