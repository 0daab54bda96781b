package io.taumesh.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One image started alone as a podman container, timed from {@code podman run} to its {@code /readiness} answering
 * 200; the JVM's resident memory read a fixed idle time later; then the container stopped. It is given the mesh's
 * credentials as a file, as compose gives them: without them each start would make new ones (a key pair).
 */
final class ImageStart {

    /** The memory limit of a measured container: the Kubernetes manifests' limit. */
    static final String LIMIT = "256m";

    /** Where compose gives a service the mesh's credentials (a secret); {@code TAU_MESH_CREDENTIALS} names it. */
    static final String CREDENTIALS_IN_CONTAINER = "/run/secrets/mesh-credentials";

    private final Podman podman;
    private final int idleSeconds;
    private final Path credentials;

    /** {@code credentials}: a credentials file every container reads, as compose gives it. */
    ImageStart(Podman podman, int idleSeconds, Path credentials) {
        this.podman = podman;
        this.idleSeconds = idleSeconds;
        this.credentials = credentials;
    }

    /**
     * One container of the image, started alone with the image's entrypoint, or with {@code entrypoint} (JSON) in its
     * place where that is not null.
     */
    StartupSample run(StartupTarget target, String reference, String entrypoint) throws Exception {
        int ops = LoopbackPort.free();
        String name =
                "bench-" + target.image() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = runArguments(name, LIMIT);
        args.addAll(List.of("--volume", credentials + ":" + CREDENTIALS_IN_CONTAINER + ":ro"));
        if (entrypoint != null) {
            args.addAll(List.of("--entrypoint", entrypoint));
        }
        environment(name, ops).forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
        args.add(reference);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        podman.run(120, args.toArray(String[]::new));
        long readyMs = awaitReadiness(http, ops, start);
        long rss = 0;
        if (readyMs >= 0) {
            TimeUnit.SECONDS.sleep(idleSeconds);
            long pid = Long.parseLong(podman.run(60, "inspect", "--format", "{{.State.Pid}}", name)
                    .trim());
            rss = ProcessMemory.residentKib(pid);
        }
        podman.run(60, "stop", "--time", "20", name);
        return new StartupSample(readyMs, rss);
    }

    /** As a cluster runs it: host networking, a read-only root, no capabilities, the memory limit. */
    private static List<String> runArguments(String name, String memory) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--detach",
                "--name",
                name,
                "--network",
                "host",
                "--read-only",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--memory",
                memory));
        return args;
    }

    /** A cluster of its own with no members, free ports but the ops port, which readiness is asked on. */
    private static Map<String, String> environment(String name, int ops) {
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "TAU_CLUSTER_NAME",
                "bench-" + name,
                "TAU_CLUSTER_HOST",
                "127.0.0.1",
                "TAU_CLUSTER_PORT",
                "0",
                "TAU_CLUSTER_MEMBERS",
                "none",
                "TAU_EVENTBUS_PORT",
                "0",
                "TAU_OPS_HOST",
                "127.0.0.1",
                "TAU_OPS_PORT",
                String.valueOf(ops),
                "TAU_UI_PORT",
                "0",
                "TAU_GATEWAY_HTTP_PORT",
                "0",
                // Alone, the relay must be a full member: a cluster of one lite member is never safe, so never ready.
                "TAU_CLUSTER_LITE_MEMBER",
                "false"));
        env.put("TAU_MESH_CREDENTIALS", CREDENTIALS_IN_CONTAINER);
        return env;
    }

    /** Milliseconds from {@code start} until {@code /readiness} answered 200; -1 if not within 90 s. */
    private static long awaitReadiness(HttpClient http, int ops, long start) throws InterruptedException {
        long deadline = start + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops + "/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling an HTTP endpoint that has no push
        }
        return -1;
    }
}
