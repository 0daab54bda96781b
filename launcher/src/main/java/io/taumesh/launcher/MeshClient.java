package io.taumesh.launcher;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Joins a running mesh for one request, prints the JSON answer, and leaves. */
final class MeshClient {

  private final PrintStream out;
  private final PrintStream err;

  MeshClient(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Where a script hands its correlation to the command: its own request id, and a W3C trace context. */
  static final String REQUEST_ID_ENV = "TAU_REQUEST_ID";
  static final String TRACEPARENT_ENV = "TRACEPARENT";

  /**
   * The correlation of this command's request: {@value #REQUEST_ID_ENV} and {@value #TRACEPARENT_ENV} from the
   * environment when they are well formed, made otherwise. It is printed on stderr, so that an operator can find the
   * request in the mesh's events and log lines.
   */
  Correlation correlation() {
    MultiMap given = MultiMap.caseInsensitiveMultiMap();
    String requestId = System.getenv(REQUEST_ID_ENV);
    String traceparent = System.getenv(TRACEPARENT_ENV);
    if (requestId != null) {
      given.add(Correlation.REQUEST_ID, requestId);
    }
    if (traceparent != null) {
      given.add(Correlation.TRACEPARENT, traceparent);
    }
    Correlation correlation = Correlation.from(given);
    err.println("tau-mesh: x-request-id " + correlation.requestId() + ", traceparent " + correlation.traceparent());
    return correlation;
  }

  /** Exit code: 0 answered, 1 no one serves the address or the answer did not come. */
  int ask(ClusterSettings cluster, String address, JsonObject body) throws Exception {
    Correlation correlation = correlation();
    MeshNode node = MeshNode.start(cluster).await(60, TimeUnit.SECONDS);
    try {
      // The address's registration reaches a node that just joined shortly after it joins.
      for (int attempt = 0; ; attempt++) {
        try {
          JsonObject reply = MeshBus.request(node.vertx(), address, body, correlation, 10_000)
              .await(15, TimeUnit.SECONDS).body();
          out.println(reply.encodePrettily());
          return 0;
        } catch (ReplyException e) {
          if (e.failureType() == ReplyFailure.NO_HANDLERS && attempt < 20) {
            Thread.sleep(100);
            continue;
          }
          err.println("tau-mesh: no answer on " + address + " in cluster '" + cluster.clusterName() + "': "
              + e.getMessage() + " (is the mesh running? ./tau-mesh)");
          return 1;
        }
      }
    } finally {
      node.close().await(30, TimeUnit.SECONDS);
    }
  }
}
