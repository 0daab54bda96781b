package io.taumesh.bench;

import io.taumesh.core.bus.Addresses;
import io.taumesh.webui.WebUiVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The far side of the fan-out benchmark, its own JVM: the web UI (one event loop, as a mesh node has by default) and
 * a widget view published every 20 ms, stamped with the wall clock in microseconds.
 */
final class FanoutServer {

    /** The operator token of the bench's web UI: a page shows it to be admitted to the views. */
    static final String TOKEN = "fanout-bench-token-000";

    /** The frame a page sends first: a snapshot request with the token, which admits it to the views. */
    static final String ADMIT = new JsonObject()
            .put("type", "send")
            .put("address", Addresses.UI_CONTROL)
            .put("replyAddress", "bench-admit")
            .put("body", new JsonObject().put("op", "snapshot").put("token", TOKEN))
            .encode();

    private FanoutServer() {}

    static void main(String[] args) throws Exception {
        Vertx vertx =
                Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.length > 1 ? Integer.parseInt(args[1]) : 1));
        vertx.deployVerticle(
                        new WebUiVerticle(),
                        new DeploymentOptions()
                                .setConfig(new JsonObject()
                                        .put(
                                                "webui",
                                                new JsonObject()
                                                        .put("host", "127.0.0.1")
                                                        .put("port", 0)
                                                        .put("token", TOKEN))))
                .await(30, TimeUnit.SECONDS);
        long[] seq = {0};
        long[] timer = {-1};
        Runnable publishing = () -> {
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
            vertx.eventBus()
                    .publish(
                            Addresses.DASHBOARD_WIDGETS,
                            new JsonObject()
                                    .put("schema_version", 1)
                                    .put("id", "bench.widget")
                                    .put("kind", "counter")
                                    .put("seq", ++seq[0])
                                    .put(
                                            "data",
                                            new JsonObject()
                                                    .put("sent_us", micros)
                                                    .put("value", seq[0])));
        };
        timer[0] = vertx.setPeriodic(20, id -> publishing.run());
        System.out.println("ready");
        System.out.flush();
        // Runs until the benchmark closes our stdin. "heap": the live heap after full collections; "interval MS": the
        // time between two widget updates from now on.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("heap")) {
                System.out.println("heap " + liveHeapBytes());
                System.out.flush();
            } else if (line.startsWith("interval ")) {
                long ms = Long.parseLong(line.substring("interval ".length()).trim());
                vertx.cancelTimer(timer[0]);
                timer[0] = vertx.setPeriodic(ms, id -> publishing.run());
            }
        }
        System.exit(0);
    }

    /** Heap in use after full collections: what the open sockets hold, without the garbage of the updates. */
    static long liveHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
