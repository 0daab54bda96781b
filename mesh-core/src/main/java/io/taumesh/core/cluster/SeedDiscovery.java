package io.taumesh.core.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Hazelcast's member discovery for the mesh (its Discovery SPI): the seeds are looked up afresh on every call (a
 * name that resolves now is a candidate now), each candidate's member port is probed, and only those that answer
 * are handed to Hazelcast. Hazelcast calls it for the first join and for every merge search (every
 * {@link HazelcastConfigFactory#MERGE_DELAY_SECONDS} s), so nodes that started apart meet as soon as they can reach
 * each other. Probing first matters: Hazelcast's own TCP/IP join spends a fixed five seconds on each seed address
 * that does not answer during a merge search, so a ten-port range with one live peer took some 45 s to heal.
 * Members this node has seen ({@link KnownMembers}) are probed and handed on as well.
 */
final class SeedDiscovery extends AbstractDiscoveryStrategy {

    private static final Logger LOG = Logger.getLogger(SeedDiscovery.class.getName());

    private final Seeds seeds;
    private final KnownMembers known;
    private final InetSocketAddress self;
    private String lastReport = "";
    private int lastAnswering = -1;

    SeedDiscovery(Seeds seeds, KnownMembers known, InetSocketAddress self, ILogger logger) {
        super(logger, Map.of());
        this.seeds = seeds;
        this.known = known;
        this.self = self;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
        Seeds.Lookup lookup = seeds.lookUp();
        List<Seeds.Candidate> others = lookup.candidates().stream()
                .filter(c -> !c.address().equals(self))
                .toList();
        Set<InetSocketAddress> answering = PortProbe.answering(
                others.stream().map(Seeds.Candidate::address).toList(), PortProbe.TIMEOUT);
        List<DiscoveryNode> found = new ArrayList<>();
        Set<InetSocketAddress> handed = new HashSet<>();
        for (Seeds.Candidate candidate : others) {
            if (answering.contains(candidate.address()) && handed.add(candidate.address())) {
                found.add(new SimpleDiscoveryNode(new Address(
                        candidate.host(),
                        candidate.address().getAddress(),
                        candidate.address().getPort())));
            }
        }
        // Past members too, that answer: the master of another piece may be one that is nobody's seed.
        List<InetSocketAddress> past = known.recent().stream()
                .filter(a -> !a.equals(self) && !handed.contains(a))
                .toList();
        Set<InetSocketAddress> pastAnswering = PortProbe.answering(past, PortProbe.TIMEOUT);
        for (InetSocketAddress address : pastAnswering) {
            found.add(new SimpleDiscoveryNode(new Address(address)));
        }
        report(lookup, others, answering, pastAnswering);
        return found;
    }

    /** Says what the search sees when it changes: which seeds answer, which are silent, which names do not resolve. */
    private synchronized void report(
            Seeds.Lookup lookup,
            List<Seeds.Candidate> others,
            Set<InetSocketAddress> answering,
            Set<InetSocketAddress> pastAnswering) {
        String answered = others.stream()
                .filter(c -> answering.contains(c.address()))
                .map(Seeds.Candidate::label)
                .distinct()
                .collect(Collectors.joining(", "));
        String silent = others.stream()
                .filter(c -> c.exact() && !answering.contains(c.address()))
                .map(Seeds.Candidate::label)
                .distinct()
                .collect(Collectors.joining(", "));
        String report = "seed members answering: " + (answered.isEmpty() ? "none" : answered)
                + (silent.isEmpty() ? "" : "; not answering yet: " + silent)
                + (lookup.unresolved().isEmpty()
                        ? ""
                        : "; names not resolving yet: " + String.join(", ", lookup.unresolved()))
                + (pastAnswering.isEmpty()
                        ? ""
                        : "; members seen before, answering: "
                                + pastAnswering.stream()
                                        .map(a -> a.getHostString() + ":" + a.getPort())
                                        .sorted()
                                        .collect(Collectors.joining(", ")));
        if (!report.equals(lastReport)) {
            lastReport = report;
            // Fewer answering is what a member leaving looks like, which the node already logs ("member left"), and
            // what
            // a node's own stop looks like: said at FINE, so that a stop's log ends with the stop's own lines.
            int count = answering.size() + pastAnswering.size();
            Level level = count < lastAnswering ? Level.FINE : Level.INFO;
            lastAnswering = count;
            LOG.log(level, report);
        }
    }

    /** Makes the strategy for a node, knowing the seeds it was configured with. */
    static final class Factory implements DiscoveryStrategyFactory {

        private final Seeds seeds;
        private final KnownMembers known;

        Factory(Seeds seeds, KnownMembers known) {
            this.seeds = seeds;
            this.known = known;
        }

        @Override
        public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
            return SeedDiscovery.class;
        }

        @Override
        public DiscoveryStrategy newDiscoveryStrategy(
                DiscoveryNode local, ILogger logger, Map<String, Comparable> properties) {
            InetSocketAddress self = null;
            if (local != null) {
                try {
                    self = local.getPrivateAddress().getInetSocketAddress();
                } catch (UnknownHostException e) {
                    self = null;
                }
            }
            return new SeedDiscovery(seeds, known, self, logger);
        }

        @Override
        public Collection<PropertyDefinition> getConfigurationProperties() {
            return List.of();
        }
    }
}
