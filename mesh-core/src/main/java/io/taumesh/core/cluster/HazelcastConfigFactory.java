package io.taumesh.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * Builds the Hazelcast configuration of a mesh node: members found through the seeds ({@link SeedDiscovery}), bound to one address,
 * no multicast, no auto-detection, no phone-home, and fast failure detection so that a lost member
 * leaves the cluster within seconds.
 */
public final class HazelcastConfigFactory {

    /** How many consecutive ports a node may try when its configured member port is taken. */
    static final int PORT_COUNT = 10;
    /** The Hazelcast property that names the one address a member binds and advertises. */
    static final String LOCAL_ADDRESS = "hazelcast.local.localAddress";
    /** Seconds a member that lost its master waits for the others to accept it as the new one. */
    static final int MASTERSHIP_CLAIM_SECONDS = 3;
    /** Seconds between searches for a cluster to merge with after a split. */
    public static final int MERGE_DELAY_SECONDS = 2;

    private HazelcastConfigFactory() {}

    public static Config create(ClusterSettings settings) {
        return create(settings, MeshProtocol.CURRENT);
    }

    /** As above, publishing {@code protocol} as this member's protocol version. */
    public static Config create(ClusterSettings settings, MeshProtocol protocol) {
        return create(settings, protocol, MeshAccess.NONE);
    }

    /**
     * As above, joining under the name the mesh's credentials give ({@link MeshAccess#joinName}): a node without them
     * asks for another cluster, and the members ignore it.
     */
    public static Config create(ClusterSettings settings, MeshProtocol protocol, MeshAccess access) {
        NameResolution.refreshQuickly();
        Config config = vertxStructures();
        config.setClusterName(access.joinName(settings.clusterName()));
        // Hazelcast would start every log line with the cluster's name, which holds the token of the mesh's secret.
        config.setProperty("hazelcast.logging.details.enabled", "false");
        config.setInstanceName("tau-" + settings.clusterName() + "-" + Long.toHexString(System.nanoTime()));

        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.prefer.ipv4.stack", "true");
        // The node closes Vert.x itself on SIGTERM; Hazelcast's own hook would race it.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A killed peer is suspected after a few missed heartbeats, well inside ten seconds.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.connection.monitor.interval", "100");
        config.setProperty("hazelcast.connection.monitor.max.faults", "3");
        // A member that suspects its master (and every member older than itself) claims the mastership of what it can
        // still reach: it asks every other member it does not suspect for its view and waits, per member in turn, up to
        // 5 s or this claim timeout (default 120 s). A member cut off for real answers none, so a short claim is what
        // lets it see it is alone and merge back soon after its network returns (at 20 s a partitioned member of 5
        // stayed
        // apart up to 17 s). The price: the same number bounds the tries of each question, and a member that has not
        // yet
        // seen the old master go declines, so it can be left out of the new view; it then merges back in the next
        // search,
        // asking the members it has seen as well as its seeds (KnownMembers), since the new master may be nobody's
        // seed.
        config.setProperty("hazelcast.mastership.claim.timeout.seconds", String.valueOf(MASTERSHIP_CLAIM_SECONDS));
        // A member split off (a pause longer than the heartbeat timeout, a cut link, a member left out of a claim)
        // merges back within seconds of being reachable again, instead of Hazelcast's default of minutes: the search
        // for
        // another cluster to merge with starts 2 s after a start and runs every 2 s (docs/reliability.md, split-brain
        // healing); a search asks only the seed members that answer (SeedDiscovery), so it costs little.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(MERGE_DELAY_SECONDS));
        // With nobody to join, a single node becomes master after this long instead of the default five seconds.
        config.setProperty("hazelcast.max.join.seconds", "20");
        config.getJetConfig().setEnabled(false);
        config.setLiteMember(settings.liteMember());
        config.getMetricsConfig().setEnabled(false);
        config.getMemberAttributeConfig().setAttribute(MeshProtocol.ATTRIBUTE, String.valueOf(protocol.version()));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port());
        network.setPortAutoIncrement(settings.port() != 0);
        network.setPortCount(PORT_COUNT);
        // The bind address is named directly, not as an interface filter: with interfaces enabled, Hazelcast keeps
        // only the seed addresses that match one of them, so a seed given by name (a compose service, a pod) that
        // resolves to another host's address would be dropped from every join and every merge search.
        network.getInterfaces().setEnabled(false);
        config.setProperty(LOCAL_ADDRESS, settings.bindHost());
        network.setPublicAddress(null);

        settings.join().configure(config, settings);
        return config;
    }

    /**
     * The maps and multimap the Vert.x cluster manager keeps its subscriptions and nodes in, as its bundled
     * {@code default-cluster.xml} declares them, built in code: parsing that file validates it against Hazelcast's
     * schema, which took a sixth of a service's start and 13 MiB of its memory (docs/performance.md).
     */
    static Config vertxStructures() {
        Config config = new Config();
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs")
                .setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }
}
