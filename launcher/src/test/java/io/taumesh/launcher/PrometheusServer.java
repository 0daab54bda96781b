package io.taumesh.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Debian's Prometheus, run on loopback with storage of its own against a live mesh: the repository's
 * {@code prometheus.yml} and alert rules with the test's targets, a one-second scrape and evaluation, and every
 * {@code for} cut to a few seconds, so that an alert goes pending, then firing, within a test.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final String SHORT_FOR = "5s";

    private final Process process;
    private final String url;

    private PrometheusServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts it; {@code targets} maps each scrape job of prometheus.yml to the test's host:port targets. */
    @SuppressWarnings("unchecked")
    static PrometheusServer start(Path dir, int port, Map<String, List<String>> targets) throws IOException {
        Files.createDirectories(dir);
        String rules =
                Files.readString(MonitoringAssets.rulesFile()).replaceAll("(?m)^(\\s+for: )\\S+$", "$1" + SHORT_FOR);
        Path rulesCopy = dir.resolve("tau-mesh-alert-rules.yaml");
        Files.writeString(rulesCopy, rules);

        Map<String, Object> config = MonitoringAssets.yaml(MonitoringAssets.prometheusConfig());
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        config.put("rule_files", List.of(rulesCopy.toString()));
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            List<String> jobTargets = targets.get((String) job.get("job_name"));
            if (jobTargets == null) {
                throw new IllegalArgumentException("no targets for job " + job.get("job_name") + " of prometheus.yml");
            }
            job.put("static_configs", List.of(Map.of("targets", jobTargets)));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path configCopy = dir.resolve("prometheus.yml");
        Files.writeString(configCopy, new Yaml(options).dump(config));

        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + configCopy,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        return new PrometheusServer(process, "http://127.0.0.1:" + port);
    }

    String url() {
        return url;
    }

    /** A GET of the HTTP API; the {@code data} of a successful answer, or fails naming Prometheus's error. */
    JsonObject api(String path) throws Exception {
        var response = MeshHttp.get(url + path);
        JsonObject body = new JsonObject(response.body());
        if (!"success".equals(body.getString("status"))) {
            throw new AssertionError(path + ": " + body.getString("errorType") + ": " + body.getString("error"));
        }
        return body.getJsonObject("data");
    }

    /** An instant query; the result vector (or scalar, as one element). */
    JsonArray query(String promql) throws Exception {
        JsonObject data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        Object result = data.getValue("result");
        return result instanceof JsonArray vector ? vector : new JsonArray().add(result);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
