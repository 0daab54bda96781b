package io.taumesh.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A port for a server that must be told its port before it starts (an ops endpoint, an ingress). */
final class LoopbackPort {

    private LoopbackPort() {}

    /** A port free on loopback now: the system picks it, and it is released for the server to take. */
    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
