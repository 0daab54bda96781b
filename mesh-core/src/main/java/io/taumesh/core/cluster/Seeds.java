package io.taumesh.core.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a node looks for the other members, looked up afresh each time it is asked: the seed members it was given
 * ({@code --cluster-members}), or every address of a headless Service's DNS name ({@code --cluster-join kubernetes}).
 * A name that does not resolve yet (a compose service whose container is not there, a pod not scheduled) is simply
 * not a candidate this time.
 */
public final class Seeds {

    private static final Pattern MEMBER =
            Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:]+\\])(?::(\\d{1,5})(?:-(\\d{1,5}))?)?");

    /**
     * One seed as configured. {@code exact} when it names one member (one port of one host, or a Service name whose
     * every address is a member): such a seed that answers is expected to be in this node's cluster. A port range may
     * hold other meshes' nodes on the same host.
     */
    public record Seed(String host, int firstPort, int lastPort, boolean byAddress) {
        public boolean exact() {
            return firstPort == lastPort;
        }

        public int portCount() {
            return lastPort - firstPort + 1;
        }
    }

    /** A seed address, as looked up now: the host as the member advertises it, and where it is. */
    public record Candidate(String host, InetSocketAddress address, boolean exact) {
        public String label() {
            return host + ":" + address.getPort();
        }
    }

    /** What one lookup found: the candidates, and the names that did not resolve. */
    public record Lookup(List<Candidate> candidates, List<String> unresolved) {}

    /** The most ports one seed may span. */
    static final int MAX_RANGE = 64;

    private final List<Seed> seeds;

    private Seeds(List<Seed> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    /** The seeds of a node's settings: its seed members, or its Service name. */
    public static Seeds of(ClusterSettings settings) {
        int defaultPort = settings.port() > 0 ? settings.port() : ClusterSettings.DEFAULT_PORT;
        if (settings.join().method() == ClusterJoin.Method.KUBERNETES) {
            int port = settings.join().servicePort() > 0 ? settings.join().servicePort() : defaultPort;
            // Pods advertise their address, so a pod found through the name is named by its address.
            return new Seeds(List.of(new Seed(settings.join().serviceDns(), port, port, true)));
        }
        return new Seeds(settings.members().stream()
                .map(member -> parse(member, defaultPort))
                .toList());
    }

    /**
     * One {@code --cluster-members} entry: {@code HOST}, {@code HOST:PORT} or {@code HOST:PORT-PORT}; a host alone
     * means the ten ports from {@code defaultPort}, as a node takes the next free one of ten.
     */
    public static Seed parse(String member, int defaultPort) {
        Matcher m = MEMBER.matcher(member);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "cluster member '" + member + "' is not HOST, HOST:PORT or HOST:PORT-PORT");
        }
        String host =
                m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int first = m.group(2) == null ? defaultPort : Integer.parseInt(m.group(2));
        int last = m.group(3) != null
                ? Integer.parseInt(m.group(3))
                : m.group(2) == null ? defaultPort + HazelcastConfigFactory.PORT_COUNT - 1 : first;
        if (first < 1 || last > 65535 || last < first || last - first >= MAX_RANGE) {
            throw new IllegalArgumentException("cluster member '" + member
                    + "' has a bad port or range (1-65535, first <= last, at most " + MAX_RANGE + " ports)");
        }
        return new Seed(host, first, last, false);
    }

    public boolean isEmpty() {
        return seeds.isEmpty();
    }

    /** Resolves every seed now (blocking: name lookups); a name that does not resolve is listed, not thrown. */
    public Lookup lookUp() {
        List<Candidate> candidates = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (Seed seed : seeds) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(seed.host());
            } catch (UnknownHostException e) {
                unresolved.add(seed.host());
                continue;
            }
            for (InetAddress address : addresses) {
                String host = seed.byAddress() ? address.getHostAddress() : seed.host();
                for (int port = seed.firstPort(); port <= seed.lastPort(); port++) {
                    candidates.add(new Candidate(host, new InetSocketAddress(address, port), seed.exact()));
                }
            }
        }
        return new Lookup(candidates, unresolved);
    }
}
