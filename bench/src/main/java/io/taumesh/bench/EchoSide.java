package io.taumesh.bench;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.MeshNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The far side of the transport benchmark: an echo server JVM ({@link EchoServerMain}) in a cluster of its own, and
 * the node of this JVM that joined it.
 *
 * @param server the echo server's process; it runs until its stdin closes
 * @param member its cluster member, which the node joined
 * @param netPort its raw echo port
 * @param taskPort its raw echo port that answers each message from a task of its own
 * @param node this JVM's node in the echo server's cluster
 */
record EchoSide(Process server, String member, int netPort, int taskPort, MeshNode node) {

    /** An echo server in a cluster of its own (with the mesh's credentials at {@code credentials}, or none), and a node that joins it. */
    static EchoSide start(int eventLoops, Path credentials, List<String> jvmOptions) throws Exception {
        String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Process server = startServer(cluster, eventLoops, credentials, jvmOptions);
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String member = null;
        int netPort = -1;
        int taskPort = -1;
        // The server says where it listens, one line each, then "ready".
        for (String line; (line = lines.readLine()) != null && !line.equals("ready"); ) {
            if (line.startsWith("member ")) {
                member = line.substring(7);
            } else if (line.startsWith("net-port ")) {
                netPort = Integer.parseInt(line.substring(9));
            } else if (line.startsWith("task-net-port ")) {
                taskPort = Integer.parseInt(line.substring(14));
            }
        }
        if (member == null || netPort < 0) {
            server.destroyForcibly();
            throw new IllegalStateException(
                    "the echo server did not start (exit " + (server.isAlive() ? "-" : server.exitValue()) + ")");
        }
        MeshNode node = TransportBench.await(MeshNode.start(
                new ClusterSettings(cluster, "127.0.0.1", 0, List.of(member), 0).withCredentials(credentials),
                eventLoops));
        return new EchoSide(server, member, netPort, taskPort, node);
    }

    private static Process startServer(String cluster, int eventLoops, Path credentials, List<String> jvmOptions)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Processes.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                Processes.benchJar().toString(),
                "echo-server",
                cluster,
                String.valueOf(eventLoops),
                credentials == null ? "none" : credentials.toString()));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Leaves the cluster, then ends the echo server by closing its stdin. */
    void close() throws Exception {
        if (node != null) {
            TransportBench.await(node.close());
        }
        Processes.closeStdinAndWait(server, 20);
    }
}
