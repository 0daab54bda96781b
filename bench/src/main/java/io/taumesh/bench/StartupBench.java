package io.taumesh.bench;

import io.taumesh.core.security.MeshCredentialsFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cold start to ready and resident memory when idle, of each service jar on its own and of the all-in-one mesh:
 * with the JVM's defaults, with the container-sized flags the images use, and with those flags plus an
 * application class-data archive; then of each image run as a podman container, with the image sizes.
 * Targets: ready within 1.5 s, at most 128 MiB resident when idle.
 */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        description = "Cold start and idle memory of each service, standalone and in a container, and image sizes.")
final class StartupBench implements Callable<Integer> {

    static final long TARGET_READY_MS = 1_500;
    static final long TARGET_RSS_MIB = 128;

    /** The memory limit of a measured container: the Kubernetes manifests' limit. */
    static final String LIMIT = "256m";

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

    /** A runnable module: its jar and its image. */
    record Target(String name, String module, String jar, String image) {}

    static final List<Target> TARGETS = List.of(
            new Target("supervisor", "supervisor-svc", "supervisor-svc.jar", "supervisor"),
            new Target("gateway", "gateway-svc", "gateway-svc.jar", "gateway"),
            new Target("dashboard", "dashboard-svc", "dashboard-svc.jar", "dashboard"),
            new Target("relay", "relay-svc", "relay-svc.jar", "relay"),
            new Target("web UI", "web-ui", "web-ui.jar", "web-ui"),
            new Target("all-in-one (tau-mesh and its relay process)", "launcher", "tau-mesh.jar", "tau-mesh"));

    /** Ready after this long, resident this much this long after ready (the process and what it started). */
    record Sample(long readyMs, long rssKib) {
        String ready() {
            return readyMs < 0 ? "failed" : String.valueOf(readyMs);
        }

        String rss() {
            return readyMs < 0 ? "-" : String.valueOf(rssKib / 1024);
        }

        boolean meets() {
            return readyMs >= 0 && readyMs <= TARGET_READY_MS && rssKib / 1024 <= TARGET_RSS_MIB;
        }
    }

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(
            names = "--root",
            defaultValue = ".",
            description = "The repository, with the jars and images built (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(
            names = "--idle-seconds",
            defaultValue = "5",
            description = "How long after ready memory is read (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Measured runs of each case; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--containers",
            defaultValue = "true",
            negatable = true,
            description =
                    "Also run the images with podman, where podman and the image archives are present (default: ${DEFAULT-VALUE}).")
    boolean containers;

    @Option(
            names = "--credentials-only",
            description =
                    "Measure only what the mesh's credentials cost a start (the gateway jar with and without them), "
                            + "and update that section alone.")
    boolean credentialsOnly;

    private Path work;

    @Override
    public Integer call() throws Exception {
        work = Files.createTempDirectory("tau-bench-startup-");
        root = root.toAbsolutePath().normalize();
        try {
            // A mesh makes its credentials at its first start and reads them after: every run here reads the same ones.
            MeshCredentialsFile.at(work.resolve("credentials")).loadOrCreate();
            if (!credentialsOnly) {
                servicesSection();
            }
            BenchReport.writeSection(report, "startup-credentials", credentialsSection());
            System.out.println("startup: written to " + report);
            return 0;
        } finally {
            delete(work);
        }
    }

    /** Every service jar and image: cold start and idle memory. */
    private void servicesSection() throws Exception {
        // Start times on a shared machine depend on what else runs: the load at the start is part of the figure.
        StringBuilder md = new StringBuilder("## Cold start and idle memory, per service\n\n")
                .append(BenchReport.machine())
                .append(" Load average when the run began: ")
                .append(loadAverage())
                .append(".\n\n");
        md.append(
                "Each service jar started alone (`--cluster-members none`, free ports), timed from the `java` command to its "
                        + "`ready;` line; resident memory (VmRSS, with the processes it started) read " + idleSeconds
                        + " s later. "
                        + "*defaults*: `java -jar`; *sized*: `" + String.join(" ", SIZED)
                        + "` (the images' flags); *sized + AppCDS*: the "
                        + "same with `-XX:SharedArchiveFile` of an archive made by one earlier run with `-XX:ArchiveClassesAtExit`. "
                        + "Each figure is the median of " + runs
                        + " runs: on a shared 2-core machine one run can be off by a second.\n\n");
        md.append(
                        "| service | defaults: ready (ms) | RSS (MiB) | sized: ready (ms) | RSS (MiB) | sized + AppCDS: ready (ms) | RSS (MiB) | target (<= ")
                .append(TARGET_READY_MS)
                .append(" ms, <= ")
                .append(TARGET_RSS_MIB)
                .append(" MiB) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Target target : TARGETS) {
            Path jar = root.resolve(target.module()).resolve("target").resolve(target.jar());
            Sample defaults = median(() -> run(target, jar, List.of()));
            Sample sized = median(() -> run(target, jar, SIZED));
            Path archive = work.resolve(target.module() + ".jsa");
            List<String> training = new ArrayList<>(SIZED);
            training.add("-XX:ArchiveClassesAtExit=" + archive);
            run(target, jar, training);
            List<String> cds = new ArrayList<>(SIZED);
            cds.add("-XX:SharedArchiveFile=" + archive);
            Sample shared = median(() -> run(target, jar, cds));
            md.append("| ")
                    .append(target.name())
                    .append(" | ")
                    .append(defaults.ready())
                    .append(" | ")
                    .append(defaults.rss())
                    .append(" | ")
                    .append(sized.ready())
                    .append(" | ")
                    .append(sized.rss())
                    .append(" | ")
                    .append(shared.ready())
                    .append(" | ")
                    .append(shared.rss())
                    .append(" | ")
                    .append(verdict(target, shared))
                    .append(" |\n");
            System.out.printf(
                    "startup: %s defaults %s ms %s MiB, sized %s ms %s MiB, sized+AppCDS %s ms %s MiB%n",
                    target.name(),
                    defaults.ready(),
                    defaults.rss(),
                    sized.ready(),
                    sized.rss(),
                    shared.ready(),
                    shared.rss());
        }
        if (containers) {
            md.append("\n").append(containerSection());
        }
        BenchReport.writeSection(report, "startup", md.toString());
    }

    /**
     * What the mesh's credentials cost a start, in the same run: the gateway jar (sized flags) reading them (the
     * default), without them ({@code --mesh-credentials none}: a plain event bus and an open cluster), and making them
     * (a mesh's first start: {@code keytool} makes the key).
     */
    String credentialsSection() throws Exception {
        Target gateway = TARGETS.stream()
                .filter(t -> t.module().equals("gateway-svc"))
                .findFirst()
                .orElseThrow();
        Path jar = root.resolve(gateway.module()).resolve("target").resolve(gateway.jar());
        List<Sample> read = new ArrayList<>();
        List<Sample> none = new ArrayList<>();
        List<Sample> made = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            read.add(run(gateway, jar, SIZED));
            none.add(run(gateway, jar, SIZED, Map.of("TAU_MESH_CREDENTIALS", "none")));
            made.add(run(
                    gateway,
                    jar,
                    SIZED,
                    Map.of("TAU_MESH_CREDENTIALS", work.resolve("fresh-" + i).toString())));
        }
        Sample withThem = middle(read);
        Sample without = middle(none);
        Sample first = middle(made);
        System.out.printf(
                "startup: credentials read %s ms, none %s ms, made %s ms%n",
                withThem.ready(), without.ready(), first.ready());
        return "## What the mesh's credentials cost a start\n\n" + BenchReport.machine()
                + "\n\nThe gateway jar with the sized flags, interleaved, median of "
                + runs
                + " runs each: reading the mesh's credentials (the default: the event bus under TLS with the mesh's key, "
                + "the cluster's name derived from its secret), without them (`--mesh-credentials none`), and making them (a "
                + "mesh's first start, `keytool` making the key).\n\n| start | ready (ms) | RSS (MiB) | vs none |\n| --- | ---: | ---: | ---: |\n"
                + row("credentials read (default)", withThem, without)
                + row("`--mesh-credentials none`", without, without)
                + row("credentials made (first start)", first, without);
    }

    private static String row(String name, Sample sample, Sample base) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2fx |%n",
                name,
                sample.ready(),
                sample.rss(),
                base.readyMs() > 0 ? (double) sample.readyMs() / base.readyMs() : Double.NaN);
    }

    private static Sample middle(List<Sample> samples) {
        List<Sample> sorted = samples.stream()
                .sorted(Comparator.comparingLong(Sample::readyMs))
                .toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Starts the jar alone, waits for its ready line, reads its memory after the idle time, stops it (SIGTERM). */
    Sample run(Target target, Path jar, List<String> flags) throws Exception {
        return run(target, jar, flags, Map.of());
    }

    /** As above, with these variables over the run's own. */
    Sample run(Target target, Path jar, List<String> flags, Map<String, String> overrides) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(work.resolve(target.module() + "-" + id));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
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
                work.resolve("credentials").toString()));
        env.putAll(overrides);
        long start = System.nanoTime();
        Process process = builder.start();
        long readyMs = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = start + TimeUnit.SECONDS.toNanos(90);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.contains(": ready;")) {
                    readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    break;
                }
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep the pipe empty
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            long rss = 0;
            if (readyMs >= 0) {
                TimeUnit.SECONDS.sleep(
                        idleSeconds); // memory is read after a fixed idle time, by definition of the figure
                rss = ProcessMemory.residentKib(process.pid())
                        + process.descendants()
                                .mapToLong(p -> ProcessMemory.residentKib(p.pid()))
                                .sum();
            }
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return new Sample(readyMs, rss);
        }
    }

    /** The images: archive and unpacked sizes, and each service's container started alone. */
    String containerSection() throws Exception {
        StringBuilder md = new StringBuilder("### In containers\n\n");
        boolean archives = TARGETS.stream().allMatch(t -> Files.isRegularFile(archive(t)));
        if (!podmanInstalled() || !archives) {
            return md.append("Not measured: ")
                    .append(archives ? "podman is not installed" : "the images are not built (`-Pimages`)")
                    .append(".\n")
                    .toString();
        }
        // Short: podman refuses a run root longer than 50 characters.
        Path store = Files.createTempDirectory("tau-pm");
        md.append(
                        "Each image loaded into a podman store of its own (`podman load`), then started alone with host networking, "
                                + "`--read-only`, `--cap-drop ALL` and `--memory 256m`, timed from `podman run` to its `/readiness` answering 200; the "
                                + "JVM's resident memory read ")
                .append(idleSeconds)
                .append(" s later. The images share their runtime layers, so a "
                        + "host stores those once. Flags: the image's own entrypoint (`-XX:MaxRAMPercentage=60` of the container's limit). "
                        + "*+ AppCDS*: a named volume on `/var/lib/tau-mesh`, one run with `JAVA_TOOL_OPTIONS=-XX:ArchiveClassesAtExit=/var/lib/"
                        + "tau-mesh/app.jsa` under a 768 MiB limit (writing the archive at exit takes more than 256 MiB), then the measured run with `JAVA_TOOL_OPTIONS=-XX:SharedArchiveFile=/var/lib/tau-mesh/app.jsa`. "
                        + "The times include podman's own start of the container. Medians of ")
                .append(runs)
                .append(" runs.\n\n")
                .append(
                        "| image | archive (MiB) | unpacked (MiB) | ready (ms) | RSS (MiB) | + AppCDS: ready (ms) | RSS (MiB) | target |\n"
                                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        try {
            for (Target target : TARGETS) {
                podman(store, 180, "load", "--quiet", "--input", archive(target).toString());
                String reference = "localhost/tau-mesh/" + target.image() + ":" + version();
                long unpacked = Long.parseLong(podman(store, 60, "image", "inspect", "--format", "{{.Size}}", reference)
                        .trim());
                boolean alone = !target.module().equals("launcher");
                Sample plain = alone ? median(() -> container(store, target, reference, null, null, LIMIT)) : null;
                Sample shared = null;
                if (alone) {
                    String volume = "bench-cds-" + target.image();
                    // Writing the archive at exit needs more than the 256 MiB limit (the kernel kills the dump), so it
                    // trains
                    // with a larger one; the archive then serves the runs under the usual limit.
                    container(
                            store,
                            target,
                            reference,
                            volume,
                            "-XX:ArchiveClassesAtExit=/var/lib/tau-mesh/app.jsa",
                            "768m");
                    shared = median(() -> container(
                            store,
                            target,
                            reference,
                            volume,
                            "-XX:SharedArchiveFile=/var/lib/tau-mesh/app.jsa",
                            LIMIT));
                }
                md.append("| ")
                        .append(target.image())
                        .append(" | ")
                        .append(Files.size(archive(target)) / (1024 * 1024))
                        .append(" | ")
                        .append(unpacked / (1024 * 1024))
                        .append(" | ")
                        .append(plain == null ? "-" : plain.ready())
                        .append(" | ")
                        .append(plain == null ? "-" : plain.rss())
                        .append(" | ")
                        .append(shared == null ? "-" : shared.ready())
                        .append(" | ")
                        .append(shared == null ? "-" : shared.rss())
                        .append(" | ")
                        .append(shared == null ? "size only" : shared.meets() ? "**met**" : "**missed**")
                        .append(" |\n");
                System.out.printf(
                        "startup: image %s %d MiB unpacked%s%n",
                        target.image(),
                        unpacked / (1024 * 1024),
                        plain == null
                                ? ""
                                : ", ready " + plain.ready() + " ms, " + plain.rss() + " MiB; with AppCDS "
                                        + shared.ready() + " ms, " + shared.rss() + " MiB");
            }
        } finally {
            podman(store, 120, "rm", "--force", "--all", "--volumes", "--time", "5");
            podman(store, 120, "volume", "prune", "--force");
            podman(store, 120, "system", "reset", "--force");
            delete(store);
        }
        return md.toString();
    }

    /**
     * One container of the image, started alone; {@code volume} (a named volume on the data dir) and
     * {@code javaToolOptions} let a run train or use a class-data archive kept in that volume.
     */
    Sample container(Path store, Target target, String reference, String volume, String javaToolOptions, String memory)
            throws Exception {
        int ops = freePort();
        String name =
                "bench-" + target.image() + "-" + UUID.randomUUID().toString().substring(0, 8);
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
        if (volume != null) {
            args.addAll(List.of("--volume", volume + ":/var/lib/tau-mesh"));
        }
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
        if (javaToolOptions != null) {
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        env.forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
        args.add(reference);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        podman(store, 120, args.toArray(String[]::new));
        long readyMs = -1;
        long deadline = start + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops + "/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling an HTTP endpoint that has no push
        }
        long rss = 0;
        if (readyMs >= 0) {
            TimeUnit.SECONDS.sleep(idleSeconds);
            long pid = Long.parseLong(podman(store, 60, "inspect", "--format", "{{.State.Pid}}", name)
                    .trim());
            rss = ProcessMemory.residentKib(pid);
        }
        podman(store, 60, "stop", "--time", "20", name);
        return new Sample(readyMs, rss);
    }

    /** One measured run. */
    interface Measurement {
        Sample take() throws Exception;
    }

    /** The median start time and the median memory of {@code runs} runs; a failed run counts as the slowest. */
    Sample median(Measurement measurement) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(measurement.take());
        }
        if (samples.stream().allMatch(x -> x.readyMs() < 0)) {
            return samples.get(0);
        }
        List<Long> ready = samples.stream()
                .map(x -> x.readyMs() < 0 ? Long.MAX_VALUE : x.readyMs())
                .sorted()
                .toList();
        List<Long> rss = samples.stream()
                .filter(x -> x.readyMs() >= 0)
                .map(Sample::rssKib)
                .sorted()
                .toList();
        long medianReady = ready.get(ready.size() / 2);
        return new Sample(medianReady == Long.MAX_VALUE ? -1 : medianReady, rss.get(rss.size() / 2));
    }

    /** Met or missed; the targets are per standalone service, so the all-in-one has none (compare its columns). */
    static String verdict(Target target, Sample sample) {
        if (target.module().equals("launcher")) {
            return "no target (one JVM for all five, plus the relay's)";
        }
        return sample.meets() ? "**met**" : "**missed**";
    }

    /** The 1-minute load average, or "unknown" where /proc is absent. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private Path archive(Target target) {
        return root.resolve(target.module()).resolve("target").resolve(target.image() + "-image.tar");
    }

    private static String version() {
        return io.taumesh.core.node.MeshVersion.version();
    }

    static boolean podmanInstalled() {
        try {
            Process p = new ProcessBuilder("podman", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String podman(Path store, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "podman",
                "--root",
                store.resolve("storage").toString(),
                "--runroot",
                store.resolve("run").toString(),
                "--tmpdir",
                Files.createDirectories(store.resolve("tmp")).toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tau-bench-podman", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String text = Files.readString(out);
        Files.deleteIfExists(out);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + text);
        }
        return text;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "startup bench (%d targets)", TARGETS.size());
    }
}
