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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A mesh started as a daemon ({@code ./tau-mesh --daemon-start}) in a cluster of its own, with its state, discovery
 * files and relay socket under one work directory: what an operator's commands ask.
 */
final class MeshDaemon {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> script;
    private final Path work;
    private final String cluster;
    private String ops;

    /** A daemon run by {@code script} (bash and the tau-mesh script), not started yet. */
    MeshDaemon(List<String> script, Path work, String cluster) {
        this.script = script;
        this.work = work;
        this.cluster = cluster;
    }

    String cluster() {
        return cluster;
    }

    /** The daemon's state dir: its state.json, log and pid. */
    Path stateDir() {
        return work.resolve("daemon");
    }

    /** The relay's socket, which {@code --relay-watch} reads. */
    Path relaySocket() {
        return work.resolve("supervisor.sock");
    }

    /** The node's ops URL, once started. */
    String ops() {
        return ops;
    }

    /** The flags of a local command: the cluster's name and the discovery files it finds the node by. */
    List<String> localFlags() {
        return List.of("--cluster-name", cluster, "--discovery-dir", nodes().toString());
    }

    /** Starts the daemon; returns how long {@code --daemon-start} took, then waits for the relay to link. */
    double start() throws Exception {
        long started = System.nanoTime();
        TimedCommands.run(concat(script, List.of("--daemon-start"), meshFlags()), Duration.ofMinutes(2));
        double startMs = (System.nanoTime() - started) / 1e6;
        JsonObject state = new JsonObject(Files.readString(stateDir().resolve("state.json")));
        ops = state.getString("ops_url");
        awaitLinked(opsToken());
        return startMs;
    }

    /** Stops the daemon, started or not. */
    void stop() throws Exception {
        TimedCommands.run(
                concat(
                        script,
                        List.of(
                                "--daemon-stop",
                                "--daemon-state-dir",
                                stateDir().toString())),
                Duration.ofSeconds(90));
    }

    /** Member joins and leaves the mesh has logged so far. */
    long memberEvents() throws IOException {
        try (Stream<String> lines = Files.lines(stateDir().resolve("daemon.log"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("member joined") || l.contains("member left"))
                    .count();
        }
    }

    /** The node's cluster member, which a command that joins the cluster names. */
    String member() throws Exception {
        return new JsonObject(HTTP.send(
                                HttpRequest.newBuilder(URI.create(ops + "/cluster"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .getString("local_member");
    }

    /** A command line from its parts: the script, then flags. */
    static List<String> concat(List<String> first, List<String> second) {
        return concat(first, second, List.of());
    }

    /** As above, with more flags. */
    static List<String> concat(List<String> first, List<String> second, List<String> third) {
        return Stream.of(first, second, third).flatMap(List::stream).toList();
    }

    /** Its own cluster, no members, ports picked by the system, everything under the work directory. */
    private List<String> meshFlags() {
        return List.of(
                "--cluster-name",
                cluster,
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--discovery-dir",
                nodes().toString(),
                "--gateway-state-dir",
                work.resolve("gateway").toString(),
                "--dashboard-state-dir",
                work.resolve("dashboard").toString(),
                "--dashboard-path",
                relaySocket().toString(),
                "--daemon-state-dir",
                stateDir().toString());
    }

    private Path nodes() {
        return work.resolve("nodes");
    }

    /** The ops token of the node, from its discovery file, as a local command reads it. */
    private String opsToken() throws Exception {
        try (Stream<Path> files = Files.list(nodes())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("node-"))
                    .toList()) {
                JsonObject entry = new JsonObject(Files.readString(file));
                if (ops.equals(entry.getString("ops_url"))) {
                    return entry.getString("ops_token");
                }
            }
        }
        throw new IllegalStateException("no discovery file in " + nodes() + " names " + ops);
    }

    /** The relay linked to the supervisor: the mesh as an operator finds it once started. */
    private void awaitLinked(String token) throws Exception {
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
}
