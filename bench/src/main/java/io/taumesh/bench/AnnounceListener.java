package io.taumesh.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The port that process children ({@link AnnounceChild}) connect to once up: a connection that says '!' is a JVM
 * ready, and holding it open keeps that JVM waiting until it is closed or killed.
 */
final class AnnounceListener implements AutoCloseable {

    private final ServerSocket socket;
    private final BlockingQueue<Socket> arrivals = new ArrayBlockingQueue<>(16);

    private AnnounceListener(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on a free loopback port, accepting on a daemon thread of its own. */
    static AnnounceListener open() throws IOException {
        AnnounceListener listener = new AnnounceListener(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(listener::accept, "announce-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next JVM that announced itself, or null if none did within the time. */
    Socket next(long seconds) throws InterruptedException {
        return arrivals.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                InputStream in = s.getInputStream();
                if (in.read() == '!') {
                    arrivals.add(s);
                }
            } catch (Exception e) {
                return;
            }
        }
    }
}
