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
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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

    /** A Vert.x node beside the mesh in the same JVM, serving only the JVM's metrics: what any node's scrape costs. */
    private record BareNode(Vertx vertx, String metricsUrl) {}

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-scrape-bench");
        BusyMesh mesh = BusyMesh.start(work);
        BareNode bare = startBareNode();
        mesh.startLoad();
        List<Target> targets;
        try {
            Thread.sleep(warmupSeconds * 1000L);
            targets = scrapeAlternately(mesh.metricsUrl(), bare.metricsUrl());
        } finally {
            mesh.stopLoad();
            bare.vertx().close().await(30, TimeUnit.SECONDS);
            mesh.close();
        }
        for (Target t : targets) {
            System.out.printf(
                    Locale.ROOT,
                    "scrape: %s: %d series (%d tau_*), %d bytes, p50 %.2f ms, p99 %.2f ms%n",
                    t.name(),
                    t.series(),
                    t.tauSeries(),
                    t.bytes(),
                    t.latencies().percentileMillis(50),
                    t.latencies().percentileMillis(99));
        }
        BenchReport.publish("scrape", report, "scrape", render(targets.get(0), targets.get(1), mesh.requests()));
        return 0;
    }

    private static BareNode startBareNode() throws Exception {
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
        HttpServer server = bare.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(30, TimeUnit.SECONDS);
        return new BareNode(bare, "http://127.0.0.1:" + server.actualPort() + "/metrics");
    }

    /**
     * The busy node and the bare node scraped in turn, so that the machine's drift touches both alike: 20 unmeasured
     * scrapes each, then the measured ones; each target then described by one more scrape.
     */
    private List<Target> scrapeAlternately(String nodeUrl, String bareUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Latencies nodeTimes = new Latencies();
        Latencies bareTimes = new Latencies();
        for (int i = 0; i < 20; i++) {
            scrape(http, nodeUrl, null);
            scrape(http, bareUrl, null);
        }
        for (int i = 0; i < scrapes; i++) {
            scrape(http, nodeUrl, nodeTimes);
            scrape(http, bareUrl, bareTimes);
        }
        Target node = describe("busy mesh node", nodeUrl, nodeTimes, scrape(http, nodeUrl, null));
        Target baseline =
                describe("bare Vert.x node, JVM metrics only", bareUrl, bareTimes, scrape(http, bareUrl, null));
        return List.of(node, baseline);
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
        return new Target(name, url, latencies, body.getBytes(StandardCharsets.UTF_8).length, series, tau);
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
                    t.latencies().percentileMillis(50),
                    t.latencies().percentileMillis(99)));
        }
        double p50 = node.latencies().percentileMillis(50);
        double p99 = node.latencies().percentileMillis(99);
        md.append(String.format(
                Locale.ROOT,
                "%nBusy node / bare node: bytes **%.1fx**, series %.1fx, p50 **%.1fx**. "
                        + "At Prometheus's default %.0f s interval, a scrape of the busy node lasts %.3f%% of the interval at p50. "
                        + "p99 %.2f ms: target <= %.0f ms **%s**.%n",
                (double) node.bytes() / baseline.bytes(),
                (double) node.series() / baseline.series(),
                p50 / baseline.latencies().percentileMillis(50),
                SCRAPE_INTERVAL_SECONDS,
                p50 / (SCRAPE_INTERVAL_SECONDS * 1000) * 100,
                p99,
                TARGET_P99_MS,
                p99 <= TARGET_P99_MS ? "met" : "missed"));
        return md.toString();
    }
}
