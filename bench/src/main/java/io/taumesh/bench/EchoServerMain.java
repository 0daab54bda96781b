package io.taumesh.bench;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.node.MeshNode;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.parsetools.RecordParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The far side of the transport benchmark, run as its own JVM: a clustered node whose event-bus consumer
 * echoes every request, and a raw TCP server on the same node that echoes every byte.
 */
public final class EchoServerMain {

    static final String ECHO_ADDRESS = "bench.echo";

    private EchoServerMain() {}

    public static void main(String[] args) throws Exception {
        ConsoleLogging.configure();
        String cluster = args[0];
        int eventLoops = Integer.parseInt(args[1]);
        // The mesh's credentials (the event bus under TLS with its key), or none (a plain event bus).
        Path credentials = args.length > 2 && !args[2].equals("none") ? Path.of(args[2]) : null;
        MeshNode node = MeshNode.start(
                        new ClusterSettings(cluster, "127.0.0.1", 0, List.of(), 0).withCredentials(credentials),
                        eventLoops)
                .await(60, TimeUnit.SECONDS);
        node.vertx()
                .eventBus()
                .consumer(ECHO_ADDRESS, msg -> msg.reply(msg.body()))
                .completion()
                .await(10, TimeUnit.SECONDS);
        int netPort = node.vertx()
                .createNetServer(
                        new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .connectHandler(socket ->
                        socket.handler(bytes -> socket.write(Buffer.buffer().appendBuffer(bytes))))
                .listen()
                .await(10, TimeUnit.SECONDS)
                .actualPort();
        // The same echo, each 64-byte message answered from a task of its own, as the event bus hands a message to its
        // consumer: every answer is then written and flushed by itself instead of once per read.
        Context context = node.vertx().getOrCreateContext();
        int taskPort = node.vertx()
                .createNetServer(
                        new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .connectHandler(socket -> socket.handler(RecordParser.newFixed(
                        RoundTrips.PAYLOAD_BYTES, record -> context.runOnContext(v -> socket.write(record.copy())))))
                .listen()
                .await(10, TimeUnit.SECONDS)
                .actualPort();
        System.out.println("member " + node.members().localAddress());
        System.out.println("net-port " + netPort);
        System.out.println("task-net-port " + taskPort);
        System.out.println("ready");
        System.out.flush();
        // Runs until the benchmark closes our stdin (or dies).
        while (System.in.read() >= 0) {
            // keep reading
        }
        node.close().await(30, TimeUnit.SECONDS);
        System.exit(0);
    }
}
