package io.taumesh.core.node;

import io.taumesh.core.cluster.BusTls;
import picocli.CommandLine.Option;

/**
 * Mutual TLS on the event bus between nodes. Each value is a PEM file, or the PEM text itself (an environment
 * variable filled from a Kubernetes Secret). All three or none: without them the event bus is plain TCP, which
 * is fine on loopback and nowhere else.
 */
public final class BusTlsFlags {

    @Option(
            names = "--bus-tls-key",
            paramLabel = "FILE|PEM",
            defaultValue = "${env:TAU_BUS_TLS_KEY}",
            description = "This node's private key for event-bus TLS (env TAU_BUS_TLS_KEY).")
    String key;

    @Option(
            names = "--bus-tls-cert",
            paramLabel = "FILE|PEM",
            defaultValue = "${env:TAU_BUS_TLS_CERT}",
            description = "This node's certificate, signed by the mesh's CA (env TAU_BUS_TLS_CERT).")
    String cert;

    @Option(
            names = "--bus-tls-ca",
            paramLabel = "FILE|PEM",
            defaultValue = "${env:TAU_BUS_TLS_CA}",
            description = "The mesh's CA certificate: peers must present a certificate it signed (env TAU_BUS_TLS_CA).")
    String ca;

    BusTls toTls() {
        return new BusTls(key, cert, ca);
    }
}
