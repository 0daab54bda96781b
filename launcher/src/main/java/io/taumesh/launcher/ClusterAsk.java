package io.taumesh.launcher;

import io.taumesh.client.MeshClient;
import io.taumesh.client.MeshClientException;
import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.cluster.ClusterSettings;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Joins a running mesh with the Java client for one request, prints the JSON answer, and leaves (see {@link
 * SupervisorRequest}).
 */
final class ClusterAsk {

    private final PrintStream out;
    private final PrintStream err;

    ClusterAsk(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Where a script hands its correlation to the command: its own request id, and a W3C trace context. */
    static final String REQUEST_ID_ENV = "TAU_REQUEST_ID";

    static final String TRACEPARENT_ENV = "TRACEPARENT";
    /** How the audit names what this client asks ({@code --via-cluster}): the CLI, as its user on this host. */
    static final String ORIGIN = ActionOrigin.named("cli", System.getProperty("user.name"));

    /** Loggers of the cluster's start, kept here so that their levels hold. */
    private static final List<Logger> QUIET =
            List.of(Logger.getLogger("io.vertx.core.impl.VertxImpl"), Logger.getLogger("com.hazelcast"));

    /**
     * The correlation of this command's request: {@value #REQUEST_ID_ENV} and {@value #TRACEPARENT_ENV} from the
     * environment when they are well formed, made otherwise. It is printed on stderr, so that an operator can find the
     * request in the mesh's events and log lines.
     */
    Correlation correlation() {
        Correlation correlation = Correlation.of(System.getenv(REQUEST_ID_ENV), System.getenv(TRACEPARENT_ENV));
        err.println("tau-mesh: x-request-id " + correlation.requestId() + ", traceparent " + correlation.traceparent());
        return correlation;
    }

    /** Exit code: 0 answered, 1 no mesh to join, no one serves the address, or the answer did not come. */
    int ask(ClusterSettings cluster, String address, JsonObject body, Correlation correlation) throws Exception {
        // This command reports a failed join itself, in one line: the cluster's own account of it is noise here.
        QUIET.forEach(logger -> logger.setLevel(Level.OFF));
        MeshClient client;
        try {
            client = MeshClient.connect(cluster, ORIGIN, 10_000).await(60, TimeUnit.SECONDS);
        } catch (MeshClientException e) {
            err.println("tau-mesh: " + e.getMessage());
            return 1;
        }
        try {
            JsonObject reply = client.request(address, body, correlation).await(15, TimeUnit.SECONDS);
            out.println(reply.encodePrettily());
            return 0;
        } catch (MeshClientException e) {
            err.println("tau-mesh: " + e.getMessage());
            return 1;
        } finally {
            client.close().await(30, TimeUnit.SECONDS);
        }
    }
}
