package io.taumesh.core.node;

import io.taumesh.core.cluster.ClusterJoin;
import io.taumesh.core.contract.WireName;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a node finds the members: {@code --cluster-join tcp} (seed members) or {@code kubernetes} (DNS lookup). */
public final class ClusterJoinFlags {

    @Option(
            names = "--cluster-join",
            paramLabel = "tcp|kubernetes",
            converter = MethodConverter.class,
            defaultValue = "${env:TAU_CLUSTER_JOIN:-tcp}",
            description = "How to find the members: 'tcp' joins the --cluster-members seeds; 'kubernetes' resolves "
                    + "--cluster-service-dns, a headless Service, with Hazelcast's Kubernetes discovery "
                    + "(env TAU_CLUSTER_JOIN, default: ${DEFAULT-VALUE}).")
    ClusterJoin.Method method;

    @Option(
            names = "--cluster-service-dns",
            paramLabel = "NAME",
            defaultValue = "${env:TAU_CLUSTER_SERVICE_DNS}",
            description =
                    "With --cluster-join kubernetes: the DNS name of the headless Service whose addresses are the "
                            + "members (env TAU_CLUSTER_SERVICE_DNS).")
    String serviceDns;

    @Option(
            names = "--cluster-service-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_CLUSTER_SERVICE_PORT:-0}",
            description = "With --cluster-join kubernetes: the member port behind that name; 0 = this node's "
                    + "--cluster-port (env TAU_CLUSTER_SERVICE_PORT, default: ${DEFAULT-VALUE}).")
    int servicePort;

    ClusterJoin toJoin() {
        if (method == ClusterJoin.Method.KUBERNETES && (serviceDns == null || serviceDns.isBlank())) {
            throw new IllegalArgumentException(
                    "--cluster-join kubernetes needs --cluster-service-dns (env TAU_CLUSTER_SERVICE_DNS)");
        }
        return new ClusterJoin(method, serviceDns, servicePort);
    }

    /** Reads a join method by its wire name, listing the names on a bad one. */
    static final class MethodConverter implements CommandLine.ITypeConverter<ClusterJoin.Method> {
        @Override
        public ClusterJoin.Method convert(String value) {
            return WireName.parse(ClusterJoin.Method.class, value)
                    .orElseThrow(() -> new CommandLine.TypeConversionException("must be "
                            + WireName.listed(ClusterJoin.Method.class).replace(", ", " or ") + ", got '" + value
                            + "'"));
        }
    }
}
