package io.taumesh.bench;

import java.io.OutputStream;
import java.net.Socket;

/**
 * A process child for the restart benchmark: a JVM that, once up, connects to the benchmark's port to say
 * so, then waits to be killed. Run as {@code java -jar tau-bench.jar announce-child PORT}.
 */
final class AnnounceChild {

    private AnnounceChild() {}

    static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        try (Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream()) {
            out.write('!');
            out.flush();
            while (socket.getInputStream().read() >= 0) {
                // Hold the connection until killed or told to go.
            }
        }
    }
}
