package io.taumesh.launcher;

import io.taumesh.core.bus.ActionOrigin;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.NoDataMemberException;
import io.taumesh.core.cluster.PortProbe;
import io.taumesh.core.cluster.Seeds;
import io.taumesh.core.node.MeshNode;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Joins a running mesh for one request, prints the JSON answer, and leaves (see {@link SupervisorRequest}). */
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
    /** How the audit names what this client asks ({@code --via-cluster}): the CLI, as its user on this host. */
    static final String ORIGIN = ActionOrigin.named("cli", System.getProperty("user.name"));

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

    /** Loggers of the cluster's start, kept here so that their levels hold. */
    private static final List<Logger> QUIET =
            List.of(Logger.getLogger("io.vertx.core.impl.VertxImpl"), Logger.getLogger("com.hazelcast"));

    private static Stream<Throwable> causes(Throwable e) {
        return Stream.iterate(e, t -> t != null, Throwable::getCause);
    }

    /**
     * Why a lite member found no data member: nobody answers where the cluster's seeds are (no mesh runs), or members
     * answer but none let this node in (it does not hold that mesh's credentials, or the cluster has another name).
     */
    static String whyAlone(ClusterSettings cluster) {
        List<String> answering = Seeds.of(cluster).lookUp().candidates().stream()
                .filter(c -> PortProbe.answers(c.address(), PortProbe.TIMEOUT))
                .map(Seeds.Candidate::label)
                .distinct()
                .toList();
        if (answering.isEmpty()) {
            return "no member of it answers, so no mesh runs there (./tau-mesh starts one)";
        }
        return "members answer at " + String.join(", ", answering)
                + " but none let this node in: it does not hold that "
                + "mesh's credentials (it used "
                + (cluster.credentials() == null
                        ? "none"
                        : cluster.credentials().toAbsolutePath())
                + "; a mesh's are its owner's, 0600), or no mesh of that cluster name runs there";
    }

    /** Exit code: 0 answered, 1 no one serves the address or the answer did not come. */
    int ask(ClusterSettings cluster, String address, JsonObject body, Correlation correlation) throws Exception {
        // This command reports a failed join itself, in one line: the cluster's own account of it is noise here.
        QUIET.forEach(logger -> logger.setLevel(Level.OFF));
        MeshNode node;
        try {
            node = MeshNode.start(cluster).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            boolean noDataMember = causes(e).anyMatch(NoDataMemberException.class::isInstance);
            err.println("tau-mesh: cannot ask cluster '" + cluster.clusterName() + "': "
                    + (noDataMember ? whyAlone(cluster) : "cannot join it: " + e.getMessage()));
            return 1;
        }
        try {
            // The address's registration reaches a node that just joined shortly after it joins.
            for (int attempt = 0; ; attempt++) {
                try {
                    JsonObject reply = MeshBus.request(node.vertx(), address, body, correlation, 10_000, ORIGIN)
                            .await(15, TimeUnit.SECONDS)
                            .body();
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
