package io.taumesh.core.node;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.logging.LogFormat;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags every node takes; each falls back to an environment variable, then to a loopback default. */
public final class NodeFlags {

    /** A node's ops token, given rather than made: how a command on another host is let in. */
    public static final String OPS_TOKEN_ENV = "TAU_OPS_TOKEN";

    @Option(
            names = "--cluster-name",
            paramLabel = "NAME",
            defaultValue = "${env:TAU_CLUSTER_NAME:-" + ClusterSettings.DEFAULT_CLUSTER_NAME + "}",
            description =
                    "Cluster to join; only nodes with the same name meet (env TAU_CLUSTER_NAME, default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(
            names = "--cluster-host",
            paramLabel = "HOST",
            defaultValue = "${env:TAU_CLUSTER_HOST:-" + ClusterSettings.DEFAULT_HOST + "}",
            description =
                    "Interface the cluster and the event bus bind and advertise (env TAU_CLUSTER_HOST, default: ${DEFAULT-VALUE}).")
    String clusterHost;

    @Option(
            names = "--cluster-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_CLUSTER_PORT:-" + ClusterSettings.DEFAULT_PORT + "}",
            description =
                    "Cluster member port; the next free one of ten is taken if busy, 0 picks any free port (env TAU_CLUSTER_PORT, default: ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(
            names = "--cluster-members",
            paramLabel = "HOST[:PORT[-PORT]],...",
            split = ",",
            defaultValue = "${env:TAU_CLUSTER_MEMBERS:-" + ClusterSettings.DEFAULT_MEMBERS + "}",
            description =
                    "Seed members to join over TCP/IP; 'none' starts alone (env TAU_CLUSTER_MEMBERS, default: ${DEFAULT-VALUE}).")
    List<String> clusterMembers;

    @Option(
            names = "--cluster-lite-member",
            negatable = true,
            defaultValue = "${env:TAU_CLUSTER_LITE_MEMBER:-false}",
            fallbackValue = "true",
            description =
                    "Join as a lite member, holding no cluster data: its start and stop move no partitions. "
                            + "The cluster needs at least one full member (env TAU_CLUSTER_LITE_MEMBER, default: ${DEFAULT-VALUE}).")
    boolean clusterLiteMember;

    @Option(
            names = "--eventbus-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_EVENTBUS_PORT:-0}",
            description = "Event-bus TCP port, 0 picks a free one (env TAU_EVENTBUS_PORT, default: ${DEFAULT-VALUE}).")
    int eventBusPort;

    @Option(
            names = "--ops-host",
            paramLabel = "HOST",
            defaultValue = "${env:TAU_OPS_HOST:-127.0.0.1}",
            description =
                    "Interface of the ops HTTP endpoint (/health, /readiness, /metrics) (env TAU_OPS_HOST, default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(
            names = "--ops-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_OPS_PORT:-0}",
            description =
                    "Port of the ops HTTP endpoint, 0 picks a free one (env TAU_OPS_PORT, default: ${DEFAULT-VALUE}).")
    int opsPort;

    @Option(
            names = "--discovery-dir",
            paramLabel = "DIR|none",
            defaultValue = "${env:TAU_DISCOVERY_DIR:-" + NodeDiscovery.DEFAULT_DIR + "}",
            description =
                    "Where a node leaves node-<pid>.json (0600: its ops URL and ops token) while it runs, and where a "
                            + "command such as --supervisor-health-json looks for the node to ask; 'none' for nowhere "
                            + "(env TAU_DISCOVERY_DIR, default: ${DEFAULT-VALUE}). The ops token comes from env "
                            + OPS_TOKEN_ENV + " when set, and is made fresh otherwise.")
    String discoveryDir;

    @Option(
            names = {"--operators", "--ui-operators"},
            paramLabel = "FILE",
            defaultValue = "${env:TAU_OPERATORS:-${env:TAU_UI_OPERATORS}}",
            description = "Named operators who may sign in besides the mesh's own tokens, each with a role (viewer, "
                    + "operator, admin), the SHA-256 of a secret and an optional expiry: at the page, the ops "
                    + "endpoint's /mesh/* routes and the relay's socket; read again when it changes (env TAU_OPERATORS; "
                    + "docs/security.md, named operators).")
    String operators;

    @Option(
            names = "--mesh-credentials",
            paramLabel = "DIR|FILE|none",
            defaultValue = "${env:TAU_MESH_CREDENTIALS:-" + DEFAULT_CREDENTIALS + "}",
            description =
                    "The mesh's credentials: what a node must hold to join the cluster and to talk on the event bus. A "
                            + "directory of this user's, made 0700 with credentials.json 0600 at the mesh's first start (every node of the "
                            + "mesh started here finds it with no flag), or a file given to the node (a container's secret); 'none' for "
                            + "none, which opens the cluster and the event bus to every local user (env TAU_MESH_CREDENTIALS, default: "
                            + "${DEFAULT-VALUE}).")
    String meshCredentials;

    @Option(
            names = "--event-loops",
            paramLabel = "N",
            defaultValue = "${env:TAU_EVENT_LOOPS:-" + MeshNode.DEFAULT_EVENT_LOOPS + "}",
            description =
                    "Event-loop threads of this node; one keeps request/reply on one thread (env TAU_EVENT_LOOPS, default: ${DEFAULT-VALUE}).")
    int eventLoops;

    @Option(
            names = "--log-format",
            paramLabel = "text|json",
            converter = LogFormatConverter.class,
            defaultValue = "${env:" + LogFormat.ENV + ":-text}",
            description = "Log lines on stderr as text, or as one JSON object per line with request_id and trace_id "
                    + "(env " + LogFormat.ENV + ", default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Mixin
    ClusterJoinFlags join = new ClusterJoinFlags();

    @Mixin
    BusTlsFlags busTls = new BusTlsFlags();

    /** The discovery dir asked for, or null for none. */
    public Path discoveryDir() {
        return discoveryDir == null
                        || discoveryDir.isBlank()
                        || discoveryDir.trim().equalsIgnoreCase("none")
                ? null
                : Path.of(discoveryDir);
    }

    /** The operators file asked for, or null for none (blank is unset: compose passes an unset variable as ""). */
    public @Nullable Path operatorsFile() {
        return operators == null || operators.isBlank() ? null : Path.of(operators.trim());
    }

    static final String DEFAULT_CREDENTIALS = ".tau/credentials";

    /** The credentials asked for, or null for none. */
    public Path meshCredentials() {
        return meshCredentials == null
                        || meshCredentials.isBlank()
                        || meshCredentials.trim().equalsIgnoreCase("none")
                ? null
                : Path.of(meshCredentials.trim());
    }

    /** The log format asked for; the command applies it before anything logs. */
    public LogFormat logFormat() {
        return logFormat;
    }

    /** Reads a log format by its wire name, listing the names on a bad one. */
    static final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return WireName.parse(LogFormat.class, value)
                    .orElseThrow(() -> new CommandLine.TypeConversionException("must be "
                            + WireName.listed(LogFormat.class).replace(", ", " or ") + ", got '" + value + "'"));
        }
    }

    /** The settings these flags describe; throws {@link IllegalArgumentException} naming the bad flag. */
    public NodeSettings toSettings() {
        List<String> members =
                clusterMembers.size() == 1 && clusterMembers.get(0).trim().equalsIgnoreCase("none")
                        ? List.of()
                        : clusterMembers;
        return new NodeSettings(
                new ClusterSettings(clusterName, clusterHost, clusterPort, members, eventBusPort, clusterLiteMember)
                        .withJoin(join.toJoin())
                        .withTls(busTls.toTls())
                        .withCredentials(meshCredentials()),
                opsHost,
                opsPort,
                eventLoops,
                discoveryDir(),
                System.getenv(OPS_TOKEN_ENV),
                operatorsFile());
    }
}
