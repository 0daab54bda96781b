package io.taumesh.launcher;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
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

  /** Exit code: 0 answered, 1 no one serves the address or the answer did not come. */
  int ask(ClusterSettings cluster, String address, JsonObject body) throws Exception {
    MeshNode node = MeshNode.start(cluster).await(60, TimeUnit.SECONDS);
    try {
      // The address's registration reaches a node that just joined shortly after it joins.
      for (int attempt = 0; ; attempt++) {
        try {
          JsonObject reply = MeshBus.request(node.vertx(), address, body, Correlation.fresh(), 10_000)
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
