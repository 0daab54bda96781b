package io.taumesh.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway service's jar run alone as a process, as a per-service deploy runs it: a cluster of its own, its
 * state dir under the bench's work dir, its HTTP ingress and ops endpoint on free loopback ports. Stopped with
 * SIGTERM.
 */
final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path stateDir;
    private final int ingressPort;
    private final int opsPort;

    private GatewayProcess(Process process, Path stateDir, int ingressPort, int opsPort) {
        this.process = process;
        this.stateDir = stateDir;
        this.ingressPort = ingressPort;
        this.opsPort = opsPort;
    }

    /** Starts the jar with {@code flags} after {@code -jar}, and waits for its ready line (90 s at most). */
    static GatewayProcess start(Path jar, Path dir, Path credentials, List<String> flags) throws Exception {
        Files.createDirectories(dir);
        int ingress = LoopbackPort.free();
        int ops = LoopbackPort.free();
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(flags);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TAU_"));
        env.putAll(Map.of(
                "TAU_CLUSTER_NAME",
                        "bench-ingress-" + UUID.randomUUID().toString().substring(0, 8),
                "TAU_CLUSTER_PORT", "0",
                "TAU_CLUSTER_MEMBERS", "none",
                "TAU_GATEWAY_STATE_DIR", dir.resolve("state").toString(),
                "TAU_GATEWAY_HTTP_PORT", String.valueOf(ingress),
                "TAU_OPS_PORT", String.valueOf(ops),
                "TAU_MESH_CREDENTIALS", credentials.toString()));
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while ((line = out.readLine()) != null && !line.contains(": ready;")) {
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        if (line == null || !line.contains(": ready;")) {
            Processes.terminate(process, 10);
            throw new IllegalStateException("the gateway did not report ready: " + line);
        }
        Processes.drain(out, "gateway-output");
        return new GatewayProcess(process, dir.resolve("state"), ingress, ops);
    }

    String ingress(String path) {
        return "http://127.0.0.1:" + ingressPort + path;
    }

    Path stateDir() {
        return stateDir;
    }

    /** The value of a counter or gauge on the gateway's {@code /metrics}, summed over its series; 0 when absent. */
    double metric(String name) throws Exception {
        String body = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        Processes.terminate(process, 60);
    }
}
