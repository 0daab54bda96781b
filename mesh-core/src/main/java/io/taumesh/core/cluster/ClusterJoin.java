package io.taumesh.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/**
 * How a node finds the other members: the seed members it is given, or, for Kubernetes, every address a headless
 * Service's DNS name resolves to (no access to the Kubernetes API is needed, so a pod needs no service account
 * rights). Either way names are looked up again on every attempt ({@link Seeds}, {@link SeedDiscovery}).
 *
 * @param method      {@link Method#TCP} or {@link Method#KUBERNETES}
 * @param serviceDns  with {@code kubernetes}: the headless Service's DNS name, e.g.
 *                    {@code tau-mesh-members.tau.svc.cluster.local}
 * @param servicePort with {@code kubernetes}: the member port behind that name; 0 = this node's own member port
 */
public record ClusterJoin(Method method, String serviceDns, int servicePort) {

    /** The join methods, by the name {@code --cluster-join} takes. */
    public enum Method implements WireName {
        TCP,
        KUBERNETES;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The seed members: the default. */
    public static final ClusterJoin TCP = new ClusterJoin(Method.TCP, null, 0);

    /** The Hazelcast property that turns on its Discovery SPI, through which the mesh finds members. */
    static final String DISCOVERY_ENABLED = "hazelcast.discovery.enabled";

    /**
     * How long a starting node keeps asking discovery for members before it founds the cluster alone. Hazelcast asks
     * only while this lasts (with zero it never asks), and stops as soon as a member answers, so only a node that
     * finds nobody waits it out; one that finds nobody merges with the others later, once they answer. Pods wait
     * longer: a Service's name lists a new pod a moment after it starts.
     */
    static final int DISCOVERY_WAIT_SECONDS = 3;

    static final int SEED_WAIT_SECONDS = 1;

    public ClusterJoin {
        if (method == null) {
            throw new IllegalArgumentException("cluster join must be " + WireName.listed(Method.class));
        }
        if (method == Method.KUBERNETES && (serviceDns == null || serviceDns.isBlank())) {
            throw new IllegalArgumentException("cluster join 'kubernetes' needs the headless Service's DNS name");
        }
        if (servicePort < 0 || servicePort > 65535) {
            throw new IllegalArgumentException("cluster service port must be between 0 and 65535, got " + servicePort);
        }
        serviceDns = serviceDns == null || serviceDns.isBlank() ? null : serviceDns.trim();
    }

    public static ClusterJoin kubernetes(String serviceDns, int servicePort) {
        return new ClusterJoin(Method.KUBERNETES, serviceDns, servicePort);
    }

    /**
     * Sets up Hazelcast's join: the mesh's own seed discovery ({@link SeedDiscovery}) for both methods, never
     * multicast nor auto-detection. A discovering node founds the cluster alone when nobody answers within the wait.
     */
    void configure(Config config, ClusterSettings settings) {
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        config.setProperty(DISCOVERY_ENABLED, "true");
        Seeds seeds = Seeds.of(settings);
        KnownMembers known = new KnownMembers();
        config.addListenerConfig(new ListenerConfig(known));
        join.getDiscoveryConfig()
                .addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(new SeedDiscovery.Factory(seeds, known)));
        // A node given no seed at all (--cluster-members none) has nobody to wait for: it founds its cluster at once.
        int wait = method == Method.KUBERNETES ? DISCOVERY_WAIT_SECONDS : seeds.isEmpty() ? 0 : SEED_WAIT_SECONDS;
        config.setProperty("hazelcast.wait.seconds.before.join", String.valueOf(wait));
        // That same wait would make a master hold every join request back to batch it with others; the mesh's nodes
        // come one at a time, so a master takes each at once.
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    }
}
