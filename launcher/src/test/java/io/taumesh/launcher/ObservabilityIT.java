package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbook 003 against a live mesh of two JVMs: the all-in-one mesh without the gateway (supervisor, dashboard,
 * web UI, and the relay as its own process), and the gateway's jar joined to it. One mesh serves every check:
 * one control action followed from the browser's bridge frame to the gateway's runtime event on the other JVM;
 * the label policy on a busy mesh; the metrics the rules and the dashboard name, exported for real; and Debian's
 * Prometheus scraping the mesh, evaluating every alert and panel, and raising the rollout-hold alert.
 */
@DisplayName("Observability of a live two-JVM mesh")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    static final String TOKEN = "it-observability-token-0123456789";
    static final Pattern WEB_UI = Pattern.compile("web-ui: dashboard http://127\\.0\\.0\\.1:(\\d+)/#token=");
    /** At most this many series of one metric on one node, however busy. */
    static final int MAX_SERIES_PER_METRIC = 64;

    static final Pattern UUID_LIKE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{16,}");
    static final Pattern BOUNDED_VALUE = Pattern.compile("[A-Za-z0-9_.+]{1,40}");

    @TempDir
    static Path work;

    private ChildJvm mesh;
    private ChildJvm gateway;
    private PrometheusServer prometheus;
    private String cluster;
    private String member;
    private String meshOps;
    private String gatewayOps;
    private String relayOps;
    private String ingress;
    private int uiPort;
    /** Ids the test used: none may ever be a label value. */
    private final Set<String> ids = new HashSet<>(Set.of("alice", "bob", "carol"));

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @BeforeAll
    void start() throws Exception {
        cluster = TestClusters.uniqueName("observability");
        int meshOpsPort = freePort();
        int relayOpsPort = freePort();
        int gatewayOpsPort = freePort();
        int ingressPort = freePort();
        Path meshDir = Files.createDirectories(work.resolve("mesh"));
        mesh = ChildJvm.start(
                "tau-mesh",
                false,
                meshDir,
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--services",
                "supervisor,dashboard,relay,webui",
                "--dashboard-state-dir",
                work.resolve("dashboard").toString(),
                "--dashboard-path",
                work.resolve("relay.sock").toString(),
                "--dashboard-fixture",
                TauMeshLauncherIT.fixture("dashboard", "healthy.json"),
                // replay_fixture reads only from the fixtures dir: the repository's, where the test's fixtures are.
                "--dashboard-fixtures-dir",
                TauMeshLauncherIT.repoRoot().resolve("fixtures").toString(),
                "--ops-port",
                String.valueOf(meshOpsPort),
                "--relay-ops-port",
                String.valueOf(relayOpsPort),
                "--ui-token",
                TOKEN,
                "--log-format",
                "json");
        Matcher joined = mesh.awaitLine(TwoJvmMeshIT.JOINED, TwoJvmMeshIT.START);
        member = joined.group(1);
        uiPort = Integer.parseInt(mesh.awaitLine(WEB_UI, TwoJvmMeshIT.START).group(1));
        mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
        gateway = ChildJvm.start(
                "gateway-svc",
                TwoJvmMeshIT.jar("tau.jar.gateway"),
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                member,
                "--ops-port",
                String.valueOf(gatewayOpsPort),
                "--gateway-state-dir",
                work.resolve("gateway").toString(),
                "--gateway-fixture",
                TauMeshLauncherIT.fixture("gateway", "healthy.json"),
                "--gateway-fixtures-dir",
                TauMeshLauncherIT.repoRoot().resolve("fixtures").toString(),
                "--gateway-cycle-interval-ms",
                "0",
                "--gateway-http-port",
                String.valueOf(ingressPort),
                "--log-format",
                "json");
        Matcher gatewayJoined = gateway.awaitLine(TwoJvmMeshIT.JOINED, TwoJvmMeshIT.START);
        gateway.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
        meshOps = "http://127.0.0.1:" + meshOpsPort;
        gatewayOps = "http://127.0.0.1:" + gatewayOpsPort;
        relayOps = "http://127.0.0.1:" + relayOpsPort;
        ingress = "http://127.0.0.1:" + ingressPort;
        ids.add(cluster);
        ids.add(member);
        ids.add(joined.group(2));
        ids.add(gatewayJoined.group(2));
        // The relay is a process of its own, and the gateway's addresses reach the first node shortly after it joins.
        for (String service : List.of("gateway", "relay")) {
            Awaitility.await(service)
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            MeshHttp.get(meshOps + "/mesh/status/" + service).statusCode() == 200);
        }
        Awaitility.await("relay /metrics")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> MeshHttp.get(relayOps + "/metrics").statusCode() == 200);
        if (PrometheusServer.installed()) {
            prometheus = PrometheusServer.start(
                    work.resolve("prometheus"),
                    freePort(),
                    Map.of(
                            "tau-mesh", List.of("127.0.0.1:" + meshOpsPort, "127.0.0.1:" + gatewayOpsPort),
                            "tau-relay", List.of("127.0.0.1:" + relayOpsPort)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    private static JsonObject runCycle(String target) {
        return new JsonObject().put("target", target).put("action", "run_cycle");
    }

    private static List<JsonObject> jsonLines(List<String> lines) {
        return lines.stream()
                .filter(l -> l.startsWith("{"))
                .map(JsonObject::new)
                .toList();
    }

    private static List<JsonObject> jsonLines(Path file) throws IOException {
        return Files.exists(file) ? jsonLines(Files.readAllLines(file)) : List.of();
    }

    @Test
    @Order(1)
    @Timeout(120)
    @DisplayName(
            "one control action is followed from the browser's bridge frame to the gateway's runtime event on the other JVM, "
                    + "through the audit, the runtime events and the JSON log lines of both JVMs; the ingress and the CLI carry theirs too")
    void correlationEndToEnd() throws Exception {
        String requestId = "it-page-" + UUID.randomUUID();
        String traceId = hex(16);
        ids.add(requestId);
        ids.add(traceId);
        JsonObject headers = new JsonObject()
                .put("x-request-id", requestId)
                .put("traceparent", "00-" + traceId + "-" + hex(8) + "-01");
        try (BridgePage page = BridgePage.open(uiPort)) {
            page.admit(TOKEN);
            page.register("ui.view.audit");
            JsonObject reply = page.control(TOKEN, runCycle("gateway"), headers);
            assertThat(reply.getJsonObject("body").getString("result"))
                    .as(reply.encode())
                    .isEqualTo("accepted");
            assertThat(reply.getJsonObject("body").getString("request_id")).isEqualTo(requestId);
            assertThat(reply.getJsonObject("headers").getString("x-request-id")).isEqualTo(requestId);
            // The dashboard's trail (the page's action, from the page) and the gateway's (routed to it), one request.
            JsonObject audit = page.await(f -> "ui.view.audit".equals(f.getString("address")))
                    .getJsonObject("body");
            assertThat(audit.getJsonObject("source").getString("request_id")).isEqualTo(requestId);
            assertThat(audit.getJsonObject("source").getString("trace_id")).isEqualTo(traceId);
            JsonObject other = page.await(f -> "ui.view.audit".equals(f.getString("address"))
                            && !audit.getString("service")
                                    .equals(f.getJsonObject("body").getString("service")))
                    .getJsonObject("body");
            assertThat(List.of(audit, other))
                    .extracting(a -> a.getString("service") + " from "
                            + a.getJsonObject("source").getString("origin").replaceAll(" .*", ""))
                    .containsExactlyInAnyOrder("dashboard from web-ui", "gateway from dashboard");
            assertThat(other.getJsonObject("source").getString("request_id")).isEqualTo(requestId);
        }

        // The gateway's runtime event, written and published by the other JVM, carries the page's request and trace.
        JsonObject event = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> jsonLines(work.resolve("gateway/runtime-events.jsonl")).stream()
                                .filter(e -> requestId.equals(e.getString("request_id")))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
        assertThat(event.getString("trigger")).isEqualTo("control");
        assertThat(event.getString("traceparent")).startsWith("00-" + traceId + "-");
        assertThat(event.getJsonArray("reason_codes").getList()).contains("healthy_cycle");
        // So does the dashboard's own record of the action, a cycle of one case on the first JVM.
        assertThat(jsonLines(work.resolve("dashboard/runtime-events.jsonl")))
                .anySatisfy(e -> assertThat(e.getString("request_id")).isEqualTo(requestId));

        // One JSON object per log line, on both JVMs, with the request's ids.
        assertThat(jsonLines(gateway.stderr())).as(gateway.transcript()).anySatisfy(l -> {
            assertThat(l.getString("message")).startsWith("gateway control run_cycle: accepted");
            assertThat(l.getString("request_id")).isEqualTo(requestId);
            assertThat(l.getString("trace_id")).isEqualTo(traceId);
        });
        assertThat(jsonLines(mesh.stderr())).as(mesh.transcript()).anySatisfy(l -> {
            assertThat(l.getString("message")).startsWith("ui control action");
            assertThat(l.getString("request_id")).isEqualTo(requestId);
        });
        assertThat(mesh.stderr())
                .as("every stderr line of the mesh is a JSON object")
                .allSatisfy(l -> assertThat(l).startsWith("{"));

        // The gateway's HTTP ingress keeps the caller's id, answers with it and records it in the actor's channel.
        String httpRequest = "it-http-" + UUID.randomUUID();
        ids.add(httpRequest);
        HttpResponse<String> posted = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ingress + "/v1/actors/it-actor-1/requests"))
                                .header("x-request-id", httpRequest)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"ping\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.headers().firstValue("x-request-id")).contains(httpRequest);
        assertThat(Files.readString(work.resolve("gateway/channel-store/gateway/it-actor-1/outputs.jsonl")))
                .contains(httpRequest);

        // The CLI takes its correlation from the environment, says it, and the supervisor's log line carries it.
        String cliRequest = "it-cli-" + UUID.randomUUID();
        ids.add(cliRequest);
        ProcessBuilder cli = new ProcessBuilder(
                TauMeshLauncherIT.java(),
                "-jar",
                TauMeshLauncherIT.LAUNCHER.toString(),
                "--supervisor-command",
                "release",
                "--supervisor-child",
                "relay",
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                member);
        cli.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        cli.environment().put("TAU_REQUEST_ID", cliRequest);
        Process process = cli.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new JsonObject(out).getString("reason")).as(err).isEqualTo("not quarantined");
        assertThat(err).contains("x-request-id " + cliRequest);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jsonLines(mesh.stderr())).anySatisfy(l -> {
                    assertThat(l.getString("message")).startsWith("supervisor command release relay: rejected");
                    assertThat(l.getString("request_id")).isEqualTo(cliRequest);
                }));
    }

    @Test
    @Order(2)
    @Timeout(120)
    @DisplayName("on a busy mesh every label value is bounded: no case, actor, channel, request, node or session id, "
            + "and no metric has more than " + MAX_SERIES_PER_METRIC + " series on a node")
    void labelPolicy() throws Exception {
        busy();
        Map<String, List<PrometheusText.Series>> scrapes = scrapes();
        for (Map.Entry<String, List<PrometheusText.Series>> scrape : scrapes.entrySet()) {
            Map<String, Integer> perMetric = new TreeMap<>();
            for (PrometheusText.Series series : scrape.getValue()) {
                perMetric.merge(series.name(), 1, Integer::sum);
                for (Map.Entry<String, String> label : series.labels().entrySet()) {
                    String value = label.getValue();
                    String where =
                            scrape.getKey() + ": " + series.name() + "{" + label.getKey() + "=\"" + value + "\"}";
                    assertThat(UUID_LIKE.matcher(value).find())
                            .as(where + " looks like an id")
                            .isFalse();
                    assertThat(HEX_RUN.matcher(value).find())
                            .as(where + " looks like an id")
                            .isFalse();
                    assertThat(ids)
                            .as(where + " is an id the test used")
                            .noneSatisfy(id -> assertThat(value).contains(id));
                    if (series.name().startsWith("tau_")) {
                        assertThat(label.getKey()).as(where).isIn(MonitoringAssetsTest.BOUNDED_LABELS);
                        assertThat(value).as(where).matches(BOUNDED_VALUE);
                    }
                }
            }
            perMetric.forEach((name, count) -> assertThat(count)
                    .as(scrape.getKey() + ": series of " + name)
                    .isLessThanOrEqualTo(MAX_SERIES_PER_METRIC));
            long tau = scrape.getValue().stream()
                    .filter(s -> s.name().startsWith("tau_"))
                    .count();
            System.out.printf(
                    "label policy: %s: %d series (%d tau_*), %d metrics, largest %s%n",
                    scrape.getKey(),
                    scrape.getValue().size(),
                    tau,
                    perMetric.size(),
                    perMetric.entrySet().stream()
                            .max(Map.Entry.comparingByValue())
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .orElse("-"));
        }
    }

    /** Traffic of every kind, with fresh ids everywhere an id can go. */
    private void busy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 12; i++) {
            String actor = "it-actor-" + UUID.randomUUID().toString().substring(0, 8);
            String request = "it-busy-" + UUID.randomUUID();
            ids.add(actor);
            ids.add(request);
            String body = i % 3 == 0 ? "{\"kind\":\"message\"}" : "{\"kind\":\"message\",\"text\":\"hello " + i + "\"}";
            http.send(
                    HttpRequest.newBuilder(URI.create(ingress + "/v1/actors/" + actor + "/requests"))
                            .header("x-request-id", request)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            http.send(
                    HttpRequest.newBuilder(URI.create(ingress + "/v1/actors/" + actor))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            MeshHttp.get(meshOps + "/mesh/status/gateway", "x-request-id", request);
            MeshHttp.get(gatewayOps + "/mesh/status/" + actor);
            MeshHttp.get("http://127.0.0.1:" + uiPort + "/" + actor);
        }
        MeshHttp.get("http://127.0.0.1:" + uiPort + "/");
        try (BridgePage page = BridgePage.open(uiPort)) {
            page.admit(TOKEN);
            for (String key : List.of("it-key-" + UUID.randomUUID(), "it-key-" + UUID.randomUUID())) {
                ids.add(key);
                page.control(TOKEN, new JsonObject().put("action", "pause").put("idempotency_key", key), null);
                page.control(TOKEN, new JsonObject().put("action", "resume"), null);
            }
            String channel = "it-channel-" + UUID.randomUUID().toString().substring(0, 8);
            ids.add(channel);
            page.control(
                    TOKEN,
                    new JsonObject()
                            .put("target", "gateway")
                            .put("action", "set_queue_limit")
                            .put("queue_limit", 64)
                            .put("channel_id", channel),
                    null);
            page.control(
                    TOKEN,
                    new JsonObject()
                            .put("target", "supervisor")
                            .put("action", "release_child")
                            .put("child_id", "relay"),
                    null);
            page.control(
                    TOKEN,
                    new JsonObject().put("target", "gateway").put("action", "self_destruct_" + UUID.randomUUID()),
                    null);
            page.control(TOKEN, new JsonObject().put("action", "self_destruct_" + UUID.randomUUID()), null);
            page.control(null, runCycle("gateway"), null);
            page.control("not-the-token-" + UUID.randomUUID(), runCycle("gateway"), null);
            page.request("tau.gateway.control", new JsonObject().put("action", "pause"), null);
        }
        relayTraffic();
    }

    /** A local program on the relay's socket: good frames, bad frames, a snapshot and a control action. */
    private void relayTraffic() throws Exception {
        try (SocketChannel relay = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            relay.connect(UnixDomainSocketAddress.of(work.resolve("relay.sock")));
            String id = "it-frame-" + UUID.randomUUID();
            ids.add(id);
            String frames = "{\"op\":\"ping\",\"id\":\"" + id + "\"}\n"
                    + "{\"op\":\"subscribe\",\"topics\":[\"widgets\",\"events\"]}\n"
                    + "{\"op\":\"snapshot\",\"what\":\"gateway_status\",\"id\":\"" + id + "\"}\n"
                    + "not json at all\n"
                    + "{\"op\":\"" + id + "\"}\n"
                    + "{\"op\":\"control\",\"action\":{\"action\":\"run_cycle\"},\"id\":\"" + id + "\"}\n";
            relay.write(ByteBuffer.wrap(frames.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer answers = ByteBuffer.allocate(64 * 1024);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                relay.read(answers);
                return new String(answers.array(), 0, answers.position(), StandardCharsets.UTF_8)
                        .contains("control_result");
            });
        }
    }

    private Map<String, List<PrometheusText.Series>> scrapes() throws Exception {
        Map<String, List<PrometheusText.Series>> scrapes = new LinkedHashMap<>();
        scrapes.put(
                "mesh node",
                PrometheusText.parse(MeshHttp.get(meshOps + "/metrics").body()));
        scrapes.put(
                "gateway node",
                PrometheusText.parse(MeshHttp.get(gatewayOps + "/metrics").body()));
        scrapes.put(
                "relay",
                PrometheusText.parse(MeshHttp.get(relayOps + "/metrics").body()));
        return scrapes;
    }

    @Test
    @Order(3)
    @Timeout(60)
    @DisplayName("every metric the alert rules and the dashboard's panels name is one the services export")
    void assetsNameExportedMetrics() throws Exception {
        Set<String> exported = scrapes().values().stream()
                .flatMap(List::stream)
                .map(PrometheusText.Series::name)
                .collect(Collectors.toCollection(TreeSet::new));
        exported.add("up"); // made by Prometheus for each target
        Set<String> named = new TreeSet<>();
        MonitoringAssets.alerts().forEach(a -> named.addAll(MonitoringAssets.metricNames(a.expr())));
        MonitoringAssets.panels().forEach(p -> p.exprs().forEach(e -> named.addAll(MonitoringAssets.metricNames(e))));
        assertThat(named).hasSizeGreaterThan(30);
        assertThat(exported).as("metrics the live mesh exports").containsAll(named);
    }

    @Test
    @Order(3)
    @Timeout(60)
    @DisplayName("every tau_* metric the live mesh exports is in the metrics table of docs/operations.md")
    void exportedMetricsAreDocumented() throws Exception {
        Set<String> documented = MonitoringAssets.documentedMetrics();
        Set<String> undocumented = new TreeSet<>();
        for (PrometheusText.Series series :
                scrapes().values().stream().flatMap(List::stream).toList()) {
            String family = series.name().replaceAll("_(bucket|count|sum|max)$", "");
            if (series.name().startsWith("tau_")
                    && !documented.contains(series.name())
                    && !documented.contains(family)) {
                undocumented.add(series.name());
            }
        }
        assertThat(undocumented).as("exported but not in docs/operations.md").isEmpty();
    }

    private PrometheusServer prometheus() {
        boolean present = PrometheusServer.installed();
        if (!present && System.getenv("CI") == null) {
            System.err.println("!!! SKIPPED: the Prometheus checks of ObservabilityIT need " + PrometheusServer.BINARY
                    + " (apt-get install prometheus); they run for real in CI !!!");
        }
        Assumptions.assumeTrue(present || System.getenv("CI") != null, "prometheus is not installed (and CI is unset)");
        assertThat(present).as("CI must have " + PrometheusServer.BINARY).isTrue();
        return prometheus;
    }

    @Test
    @Order(4)
    @Timeout(120)
    @DisplayName(
            "a real Prometheus scrapes every node and the relay, parses every alert expression, and gets data for every panel")
    void prometheusEvaluatesEverything() throws Exception {
        PrometheusServer server = prometheus();
        Awaitility.await("targets up")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    JsonArray targets = server.api("/api/v1/targets").getJsonArray("activeTargets");
                    assertThat(targets).hasSize(3);
                    assertThat(targets.stream().map(t -> ((JsonObject) t).getString("health")))
                            .containsOnly("up");
                });
        for (MonitoringAssets.Alert alert : MonitoringAssets.alerts()) {
            server.query(alert.expr()); // fails naming Prometheus's error if it does not parse
        }
        List<String> queries = new ArrayList<>();
        MonitoringAssets.panels().forEach(p -> p.exprs().forEach(e -> queries.add(p.title() + "\n" + e)));
        // Rates need two scrapes in their window: wait until every panel has data, then say which have none.
        Map<String, Integer> results = new TreeMap<>();
        Awaitility.await("every panel has data")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    results.clear();
                    for (String query : queries) {
                        String expr = query.substring(query.indexOf('\n') + 1).replace("$__rate_interval", "1m");
                        results.put(query, server.query(expr).size());
                    }
                    return results.values().stream().allMatch(n -> n > 0);
                });
        assertThat(results)
                .as("result series per panel query")
                .allSatisfy((query, n) -> assertThat(n).as(query).isPositive());
        JsonArray rules = server.api("/api/v1/rules").getJsonArray("groups");
        long loaded = rules.stream()
                .mapToLong(g -> ((JsonObject) g).getJsonArray("rules").size())
                .sum();
        assertThat(loaded)
                .as("rules Prometheus loaded")
                .isEqualTo(MonitoringAssets.alerts().size());
        System.out.printf(
                "prometheus: %d alert expressions and %d panel queries evaluated against %s%n",
                MonitoringAssets.alerts().size(), queries.size(), server.url());
    }

    @Test
    @Order(5)
    @Timeout(120)
    @DisplayName(
            "a failing gateway fixture driven from the browser turns the gate to hold, and TauMeshRolloutHold goes pending, then firing")
    void rolloutHoldAlert() throws Exception {
        PrometheusServer server = prometheus();
        assertThat(alerts(server, "TauMeshRolloutHold"))
                .as("before the failing fixture")
                .isEmpty();
        try (BridgePage page = BridgePage.open(uiPort)) {
            JsonObject replay = page.control(
                    TOKEN,
                    new JsonObject()
                            .put("target", "gateway")
                            .put("action", "replay_fixture")
                            .put("fixture", TauMeshLauncherIT.fixture("gateway", "failure-streak.json")),
                    null);
            assertThat(replay.getJsonObject("body").getString("result"))
                    .as(replay.encode())
                    .isEqualTo("accepted");
            page.control(
                    TOKEN,
                    new JsonObject()
                            .put("target", "gateway")
                            .put("action", "set_queue_limit")
                            .put("queue_limit", 2),
                    null);
            for (int cycle = 0; cycle < 2; cycle++) {
                JsonObject run = page.control(TOKEN, runCycle("gateway"), null);
                assertThat(run.getJsonObject("body").getString("result"))
                        .as(run.encode())
                        .isEqualTo("accepted");
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        Awaitility.await("TauMeshRolloutHold firing")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    alerts(server, "TauMeshRolloutHold").forEach(a -> seen.add(a.getString("state")));
                    return seen.contains("firing");
                });
        assertThat(seen).as("states seen, in order").containsExactly("pending", "firing");
        JsonObject alert = alerts(server, "TauMeshRolloutHold").get(0);
        assertThat(alert.getJsonObject("labels").getString("runtime")).isEqualTo("gateway");
        assertThat(alert.getJsonObject("labels").getString("severity")).isEqualTo("warning");
        assertThat(alert.getJsonObject("annotations").getString("runbook_url"))
                .isEqualTo("docs/operations.md#taumeshrollouthold");
        System.out.println("prometheus: TauMeshRolloutHold went " + String.join(" -> ", seen));
    }

    private static List<JsonObject> alerts(PrometheusServer server, String name) throws Exception {
        return server.api("/api/v1/alerts").getJsonArray("alerts").stream()
                .map(JsonObject.class::cast)
                .filter(a -> name.equals(a.getJsonObject("labels").getString("alertname")))
                .toList();
    }
}
