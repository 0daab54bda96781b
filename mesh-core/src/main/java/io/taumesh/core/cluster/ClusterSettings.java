package io.taumesh.core.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a node joins the mesh: the Hazelcast cluster it belongs to and the addresses it binds.
 *
 * @param clusterName  nodes join only a cluster of the same name
 * @param host         the interface Hazelcast and the event bus bind and advertise
 * @param port         Hazelcast member port; 0 picks a free port
 * @param members      TCP/IP seed members ({@code host}, {@code host:port} or {@code host:port-port})
 * @param eventBusPort event-bus TCP port; 0 picks a free port
 * @param liteMember   join without holding any cluster data, so that joining and leaving move no partitions
 *                     (for a process that restarts often, such as the relay); a cluster needs a full member
 * @param join         how the node finds the members: TCP/IP to {@code members}, or Kubernetes DNS lookup
 * @param tls          mutual TLS on the event bus from the operator's CA, or {@link BusTls#OFF}
 * @param credentials  the mesh's credentials (a directory of the owner's, or a file given to the node), or null for
 *                     none: without them the cluster takes any node that knows its name, and the event bus any peer
 */
public record ClusterSettings(
        String clusterName,
        String host,
        int port,
        List<String> members,
        int eventBusPort,
        boolean liteMember,
        ClusterJoin join,
        BusTls tls,
        Path credentials) {

    public static final String DEFAULT_CLUSTER_NAME = "tau-mesh";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    /** Ten member slots on loopback: room for every service of the mesh started as its own process. */
    public static final String DEFAULT_MEMBERS = "127.0.0.1:5701-5710";

    public ClusterSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(host, "host");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("cluster host must not be blank");
        }
        checkPort("cluster port", port);
        checkPort("event-bus port", eventBusPort);
        members = members == null
                ? List.of()
                : members.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        members.forEach(member -> Seeds.parse(member, DEFAULT_PORT));
        join = join == null ? ClusterJoin.TCP : join;
        tls = tls == null ? BusTls.OFF : tls;
    }

    /** Joined through the seed members, with no credentials and a plain event bus. */
    public ClusterSettings(
            String clusterName, String host, int port, List<String> members, int eventBusPort, boolean liteMember) {
        this(clusterName, host, port, members, eventBusPort, liteMember, ClusterJoin.TCP, BusTls.OFF, null);
    }

    /** A full member. */
    public ClusterSettings(String clusterName, String host, int port, List<String> members, int eventBusPort) {
        this(clusterName, host, port, members, eventBusPort, false);
    }

    /**
     * The host as an IP address, which Hazelcast's interface binding needs: a name (a compose service's, a pod's)
     * is resolved once, at start; an address is returned as it is.
     */
    public String hostAddress() {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster host '" + host + "' does not resolve to an address", e);
        }
    }

    /**
     * The host as Hazelcast binds and advertises it: a name stays a name, so that it equals the seed other nodes
     * list for this one; it must resolve now.
     */
    public String bindHost() {
        hostAddress();
        return host.trim();
    }

    /** A single node on loopback, alone in a cluster of the given name, on free ports. */
    public static ClusterSettings loopback(String clusterName) {
        return new ClusterSettings(clusterName, DEFAULT_HOST, 0, List.of(), 0);
    }

    /** The same cluster, joined as a lite member: its coming and going moves no cluster data. */
    public ClusterSettings asLiteMember() {
        return new ClusterSettings(clusterName, host, port, members, eventBusPort, true, join, tls, credentials);
    }

    public ClusterSettings withMembers(List<String> seeds) {
        return new ClusterSettings(clusterName, host, port, seeds, eventBusPort, liteMember, join, tls, credentials);
    }

    public ClusterSettings withJoin(ClusterJoin how) {
        return new ClusterSettings(clusterName, host, port, members, eventBusPort, liteMember, how, tls, credentials);
    }

    public ClusterSettings withTls(BusTls busTls) {
        return new ClusterSettings(
                clusterName, host, port, members, eventBusPort, liteMember, join, busTls, credentials);
    }

    /** The same node, with the mesh's credentials at {@code path} (null: none). */
    public ClusterSettings withCredentials(Path path) {
        return new ClusterSettings(clusterName, host, port, members, eventBusPort, liteMember, join, tls, path);
    }

    private static void checkPort(String what, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(what + " must be between 0 and 65535, got " + value);
        }
    }
}
