package io.taumesh.launcher;

import picocli.CommandLine.Option;

/** Which running node a command that asks the mesh talks to, when it should not find one on its own. */
final class OperatorTarget {

    @Option(
            names = "--ops-url",
            paramLabel = "URL",
            defaultValue = "${env:TAU_OPS_URL}",
            description =
                    "Ask this node's ops endpoint (http://HOST:PORT) instead of one found in --discovery-dir, with its "
                            + "ops token from env TAU_OPS_TOKEN (env TAU_OPS_URL).")
    String opsUrl;

    @Option(
            names = "--via-cluster",
            description = "Ask by joining the cluster as a lite member for the one request (for a mesh on another host "
                    + "without a reachable ops endpoint), instead of asking a running node over HTTP.")
    boolean viaCluster;
}
