package io.taumesh.bench;

import io.taumesh.core.bus.Addresses;
import io.taumesh.supervisor.SupervisorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Supervisor restart latency: a crashed verticle child back up (target p50 <= 20 ms), and a crashed process
 * child (a JVM) back up against starting the same JVM command bare, in the same run (target <= 1.3x).
 */
@Command(
        name = "supervisor",
        mixinStandardHelpOptions = true,
        description = "Restart latency of crashed verticle and process children under the supervisor.")
final class SupervisorBench implements Callable<Integer> {

    static final double TARGET_VERTICLE_P50_MS = 20;
    static final double TARGET_PROCESS_RATIO = 1.3;

    @Option(
            names = "--verticle-restarts",
            defaultValue = "200",
            description = "Verticle crashes to time (default: ${DEFAULT-VALUE}).")
    int verticleRestarts;

    @Option(
            names = "--process-restarts",
            defaultValue = "20",
            description = "Process crashes to time, alternating with as many bare starts (default: ${DEFAULT-VALUE}).")
    int processRestarts;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    /** A child that crashes (throws) when told to on its address; the supervisor's events say when it is back. */
    public static final class CrashOnRequest extends VerticleBase {
        @Override
        public Future<?> start() {
            return vertx.eventBus()
                    .consumer("bench.crash", msg -> {
                        throw new IllegalStateException("crash requested");
                    })
                    .completion();
        }
    }

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (AnnounceListener announce = AnnounceListener.open()) {
            List<String> childCommand = List.of(
                    Processes.java(),
                    "-jar",
                    Processes.benchJar().toString(),
                    "announce-child",
                    String.valueOf(announce.port()));
            BlockingQueue<Long> started = deploySupervisor(vertx, childCommand);
            started.poll(10, TimeUnit.SECONDS);
            Socket current = announce.next(60);

            Latencies verticle = new Latencies();
            for (int i = 0; i < verticleRestarts; i++) {
                verticle.add(crashVerticleChild(vertx, started));
            }
            System.out.printf(
                    Locale.ROOT,
                    "supervisor: verticle child restarted %d times, p50 %.2f ms%n",
                    verticle.count(),
                    verticle.percentileMillis(50));

            // Supervised restarts and bare starts alternate, so that the machine's drift touches both alike.
            Latencies process = new Latencies();
            Latencies bare = new Latencies();
            for (int i = 0; i < processRestarts; i++) {
                current = killProcessChild(vertx, announce, current, process);
                bare.add(startBare(announce, childCommand));
            }
            current.close();
            vertx.undeploy(vertx.deploymentIDs().iterator().next());
            BenchReport.publish("supervisor", report, "supervisor", render(verticle, process, bare));
            return 0;
        } finally {
            vertx.close().await(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The supervisor with two children, a verticle that crashes on request and a JVM that announces itself; returns
     * the times at which the supervisor reported the verticle child started.
     */
    private static BlockingQueue<Long> deploySupervisor(Vertx vertx, List<String> childCommand) throws Exception {
        JsonObject spec = new JsonObject()
                .put("schema_version", 1)
                .put(
                        "children",
                        new JsonArray()
                                .add(child(
                                        "crasher",
                                        new JsonObject()
                                                .put("kind", "verticle")
                                                .put("target", CrashOnRequest.class.getName())))
                                .add(child(
                                        "announcer",
                                        new JsonObject()
                                                .put("kind", "process")
                                                .put(
                                                        "log",
                                                        System.getProperty("java.io.tmpdir")
                                                                + "/tau-bench-announcer.log")
                                                .put("command", new JsonArray(new ArrayList<>(childCommand))))));
        BlockingQueue<Long> started = new ArrayBlockingQueue<>(1024);
        vertx.eventBus().<JsonObject>consumer(Addresses.SUPERVISOR_EVENTS, m -> {
            if ("started".equals(m.body().getString("event"))
                    && "crasher".equals(m.body().getString("child_id"))) {
                started.add(System.nanoTime());
            }
        });
        vertx.deployVerticle(
                        new SupervisorVerticle(),
                        new DeploymentOptions()
                                .setConfig(new JsonObject().put("supervisor", new JsonObject().put("spec", spec))))
                .await(60, TimeUnit.SECONDS);
        return started;
    }

    /** Nanos from telling the verticle child to crash until the supervisor reports it started again. */
    private static long crashVerticleChild(Vertx vertx, BlockingQueue<Long> started) throws InterruptedException {
        long t0 = System.nanoTime();
        vertx.eventBus().send("bench.crash", "now", new DeliveryOptions().setLocalOnly(true));
        Long back = started.poll(10, TimeUnit.SECONDS);
        if (back == null) {
            throw new IllegalStateException("the verticle child did not come back");
        }
        return back - t0;
    }

    /** SIGKILL to the process child, timed into {@code into} until its successor announced itself; returns that one's connection. */
    private static Socket killProcessChild(Vertx vertx, AnnounceListener announce, Socket current, Latencies into)
            throws Exception {
        long pid = childPid(vertx);
        long t0 = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        current.close();
        Socket next = announce.next(60);
        if (next == null) {
            throw new IllegalStateException("the process child did not come back");
        }
        into.add(System.nanoTime() - t0);
        return next;
    }

    /** Nanos from starting the child's command bare until it announced itself; then the JVM is killed. */
    private static long startBare(AnnounceListener announce, List<String> command) throws Exception {
        long b0 = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Socket s = announce.next(60);
        long took = System.nanoTime() - b0;
        p.destroyForcibly();
        if (s != null) {
            s.close();
        }
        p.waitFor(10, TimeUnit.SECONDS);
        return took;
    }

    private static JsonObject child(String id, JsonObject kind) {
        return kind.put("id", id)
                .put("restart", "permanent")
                .put("budget", new JsonObject().put("capacity", 1000).put("refill_period_ms", 1))
                .put(
                        "backoff",
                        new JsonObject().put("initial_ms", 0).put("max_ms", 0).put("jitter", 0));
    }

    private static long childPid(Vertx vertx) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            JsonObject state = vertx.eventBus()
                    .<JsonObject>request(Addresses.SUPERVISOR_STATE, new JsonObject())
                    .await(10, TimeUnit.SECONDS)
                    .body();
            for (Object o : state.getJsonArray("child_runtime_records")) {
                JsonObject r = (JsonObject) o;
                if (r.getString("id").equals("announcer")
                        && "running".equals(r.getString("state"))
                        && r.getString("runtime").startsWith("pid ")) {
                    // The wrapper's pid; its child is the JVM.
                    long wrapper = Long.parseLong(r.getString("runtime").substring(4));
                    return ProcessHandle.of(wrapper)
                            .flatMap(h -> h.children().findFirst())
                            .map(ProcessHandle::pid)
                            .orElse(wrapper);
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the process child is not running");
    }

    private static String render(Latencies verticle, Latencies process, Latencies bare) {
        double vp50 = verticle.percentileMillis(50);
        double pp50 = process.percentileMillis(50);
        double bp50 = bare.percentileMillis(50);
        StringBuilder md = new StringBuilder("## Supervisor restart latency\n\n");
        md.append(BenchReport.machine()).append("\n\n");
        md.append(
                "A verticle child is crashed (an exception thrown in its handler) and timed until the supervisor reports it "
                        + "started again. A process child (a JVM) is killed with SIGKILL and timed until the new JVM announces itself on a "
                        + "socket; the baseline is the same JVM command started bare, timed the same way, alternating with the restarts. No backoff (0 ms).\n\n");
        md.append("| what | runs | p50 (ms) | p99 (ms) |\n| --- | ---: | ---: | ---: |\n");
        md.append(String.format(
                Locale.ROOT,
                "| verticle child: crash to started | %d | %.2f | %.2f |%n",
                verticle.count(),
                vp50,
                verticle.percentileMillis(99)));
        md.append(String.format(
                Locale.ROOT,
                "| process child: SIGKILL to announced | %d | %.0f | %.0f |%n",
                process.count(),
                pp50,
                process.percentileMillis(99)));
        md.append(String.format(
                Locale.ROOT,
                "| bare JVM start to announced (baseline) | %d | %.0f | %.0f |%n",
                bare.count(),
                bp50,
                bare.percentileMillis(99)));
        md.append(String.format(
                Locale.ROOT,
                "%nVerticle restart p50 %.2f ms: target <= %.0f ms **%s**. Process restart / bare start (p50): "
                        + "**%.2fx**, target <= %.1fx **%s**.%n",
                vp50,
                TARGET_VERTICLE_P50_MS,
                vp50 <= TARGET_VERTICLE_P50_MS ? "met" : "missed",
                pp50 / bp50,
                TARGET_PROCESS_RATIO,
                pp50 / bp50 <= TARGET_PROCESS_RATIO ? "met" : "missed"));
        return md.toString();
    }
}
