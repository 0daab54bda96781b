package io.taumesh.client;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.NoDataMemberException;
import io.taumesh.core.cluster.PortProbe;
import io.taumesh.core.cluster.Seeds;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Why a client found no mesh to join: nobody answers where the cluster's seeds are (no mesh runs), or members answer
 * but none let the client in (it does not hold that mesh's credentials, or the cluster has another name). Blocking: it
 * probes the seeds' ports.
 */
final class MeshAbsence {

    private MeshAbsence() {}

    /** The client's failure to join: {@code NO_MESH}, with {@link #explain} when it found no data member. */
    static <T> Future<T> failure(ClusterSettings cluster, Throwable cause) {
        boolean noDataMember = Stream.iterate(cause, t -> t != null, Throwable::getCause)
                .anyMatch(NoDataMemberException.class::isInstance);
        if (!noDataMember) {
            return Future.failedFuture(new MeshClientException(
                    MeshClientException.Kind.NO_MESH,
                    null,
                    null,
                    "cannot join cluster '" + cluster.clusterName() + "': " + cause.getMessage(),
                    cause));
        }
        // The diagnosis probes ports: off any event loop.
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> explain(cluster)))
                .compose(why -> Future.failedFuture(new MeshClientException(
                        MeshClientException.Kind.NO_MESH,
                        null,
                        null,
                        "cannot use cluster '" + cluster.clusterName() + "': " + why,
                        cause)));
    }

    static String explain(ClusterSettings cluster) {
        List<String> answering = Seeds.of(cluster).lookUp().candidates().stream()
                .filter(c -> PortProbe.answers(c.address(), PortProbe.TIMEOUT))
                .map(Seeds.Candidate::label)
                .distinct()
                .toList();
        if (answering.isEmpty()) {
            return "no member of it answers, so no mesh runs there (./tau-mesh starts one)";
        }
        Path credentials = cluster.credentials();
        return "members answer at " + String.join(", ", answering)
                + " but none let this node in: it does not hold that mesh's credentials (it used "
                + (credentials == null ? "none" : credentials.toAbsolutePath())
                + "; a mesh's are its owner's, 0600), or no mesh of that cluster name runs there";
    }
}
