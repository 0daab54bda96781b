package io.taumesh.bench;

import io.taumesh.core.bus.Addresses;
import io.taumesh.webui.WebUiVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The far side of the fan-out benchmark, its own JVM: the web UI (one event loop, as a mesh node has by default) and
 * a widget view published every 20 ms, stamped with the wall clock in microseconds.
 */
final class FanoutServer {

  private FanoutServer() {
  }

  static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.length > 1 ? Integer.parseInt(args[1]) : 1));
    vertx.deployVerticle(new WebUiVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("webui",
        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", "fanout-bench-token-000"))))
        .await(30, TimeUnit.SECONDS);
    long[] seq = {0};
    vertx.setPeriodic(20, id -> {
      Instant now = Instant.now();
      long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
      vertx.eventBus().publish(Addresses.DASHBOARD_WIDGETS, new JsonObject().put("schema_version", 1).put("id", "bench.widget")
          .put("kind", "counter").put("seq", ++seq[0]).put("data", new JsonObject().put("sent_us", micros).put("value", seq[0])));
    });
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the benchmark closes our stdin.
    }
    System.exit(0);
  }
}
