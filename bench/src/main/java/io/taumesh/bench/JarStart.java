package io.taumesh.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A service jar started alone as a process, timed from the {@code java} command to its {@code ready;} line; its
 * resident memory, with the processes it started, read a fixed idle time later; then stopped with SIGTERM.
 */
final class JarStart {

    /** The flags the images run with (the parent pom's entrypoint), with a fixed heap ceiling outside a container. */
    static final List<String> SIZED = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xms16m",
            "-Xmx96m",
            "-Xss512k",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:MaxMetaspaceSize=96m",
            "-Xshare:auto");

    private final Path work;
    private final int idleSeconds;

    /** Starts under {@code work}, which holds the mesh's credentials that every start reads. */
    JarStart(Path work, int idleSeconds) {
        this.work = work;
        this.idleSeconds = idleSeconds;
    }

    /** Where the credentials every start reads are, made once before the first start. */
    Path credentials() {
        return work.resolve("credentials");
    }

    /** Starts the jar alone, waits for its ready line, reads its memory after the idle time, stops it (SIGTERM). */
    StartupSample run(StartupTarget target, Path jar, List<String> flags) throws Exception {
        return run(target, jar, flags, Map.of());
    }

    /** As above, with these variables over the run's own. */
    StartupSample run(StartupTarget target, Path jar, List<String> flags, Map<String, String> overrides)
            throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(work.resolve(target.module() + "-" + id));
        List<String> command = new ArrayList<>(List.of(Processes.java()));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        alone(builder.environment(), id, dir);
        builder.environment().putAll(overrides);
        long start = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long readyMs = awaitReadyLine(out, start);
            Processes.drain(out, "startup-output");
            long rss = readyMs >= 0 ? idleResidentKib(process) : 0;
            Processes.terminate(process, 60);
            return new StartupSample(readyMs, rss);
        }
    }

    /**
     * The variables of a start that stands alone: none of the caller's TAU_ settings, a cluster of its own with no
     * members and free ports, state under its own directory, and the credentials made for this run.
     */
    private void alone(Map<String, String> env, String id, Path dir) {
        env.keySet().removeIf(k -> k.startsWith("TAU_"));
        env.putAll(Map.of(
                "TAU_CLUSTER_NAME",
                "bench-startup-" + id,
                "TAU_CLUSTER_PORT",
                "0",
                "TAU_CLUSTER_MEMBERS",
                "none",
                "TAU_GATEWAY_STATE_DIR",
                dir.resolve("gateway").toString(),
                "TAU_DASHBOARD_STATE_DIR",
                dir.resolve("dashboard").toString(),
                "TAU_DASHBOARD_PATH",
                dir.resolve("relay.sock").toString(),
                "TAU_MESH_CREDENTIALS",
                credentials().toString()));
    }

    /** Milliseconds from {@code start} to the ready line; -1 if it did not come within 90 s or the output ended. */
    private static long awaitReadyLine(BufferedReader out, long start) throws IOException {
        long deadline = start + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.contains(": ready;")) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
        }
        return -1;
    }

    /** Memory is read after a fixed idle time, by definition of the figure: the process and all it started. */
    private long idleResidentKib(Process process) throws InterruptedException {
        TimeUnit.SECONDS.sleep(idleSeconds);
        return ProcessMemory.residentKib(process.pid())
                + process.descendants()
                        .mapToLong(p -> ProcessMemory.residentKib(p.pid()))
                        .sum();
    }
}
