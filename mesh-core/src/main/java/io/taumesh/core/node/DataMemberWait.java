package io.taumesh.core.node;

import com.hazelcast.core.HazelcastInstance;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.cluster.NoDataMemberException;
import io.vertx.core.Future;

/**
 * What a lite member does when the cluster it joined holds no data member yet: a service waits for one (it started
 * before the full members, or apart from them); a command has no mesh to ask and says so at once.
 */
@FunctionalInterface
public interface DataMemberWait {

    /** Fails at once with {@link NoDataMemberException}. */
    DataMemberWait REFUSE =
            (hazelcast, settings) -> Future.failedFuture(new NoDataMemberException(settings.clusterName()));

    /** Completes when the node may go on: a data member is there (or fails, and the node does not start). */
    Future<Void> await(HazelcastInstance hazelcast, ClusterSettings settings);
}
