package io.taumesh.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code --relay-watch}: the relay's live feed in a terminal, without writing a client. It follows the relay across its
 * restarts (the supervisor starts a new one after a crash or a SIGTERM), so that an operator watching for the link to
 * come back sees it come back.
 */
final class RelayWatch {

    /** How often a watch whose relay went away looks for the next one. */
    static final Duration RETRY_EVERY = Duration.ofMillis(500);

    private static final String HELLO =
            "{\"op\":\"subscribe\",\"topics\":[\"widgets\",\"events\",\"supervisor\",\"link\"]}\n"
                    + "{\"op\":\"snapshot\",\"id\":\"watch\",\"what\":\"supervisor_health\"}\n";

    private final PrintStream out;
    private final PrintStream err;
    private final Duration retryEvery;

    RelayWatch(PrintStream out, PrintStream err) {
        this(out, err, RETRY_EVERY);
    }

    RelayWatch(PrintStream out, PrintStream err, Duration retryEvery) {
        this.out = out;
        this.err = err;
        this.retryEvery = retryEvery;
    }

    /**
     * Prints frames until {@code maxFrames} were printed (0: until interrupted); returns the exit code. A path with no
     * relay at the start is an error; a relay that goes away later is waited for, and the watch subscribes again to the
     * next one and asks it for the supervisor's health, as at the start.
     */
    int watch(Path path, int maxFrames) throws InterruptedException {
        if (!Files.exists(path)) {
            err.println(
                    "tau-mesh: no relay socket at " + path + " (is the mesh running? --dashboard-path sets the path)");
            return 1;
        }
        int printed = 0;
        boolean connectedBefore = false;
        boolean waiting = false;
        while (true) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(path));
                if (connectedBefore) {
                    err.println("tau-mesh: connected to the relay again");
                }
                connectedBefore = true;
                waiting = false;
                channel.write(ByteBuffer.wrap(HELLO.getBytes(StandardCharsets.UTF_8)));
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
                for (String line; (line = reader.readLine()) != null; ) {
                    out.println(line);
                    out.flush();
                    if (maxFrames > 0 && ++printed >= maxFrames) {
                        return 0;
                    }
                }
                err.println("tau-mesh: the relay closed the connection; waiting for the next one (Ctrl-C stops)");
                waiting = true;
            } catch (IOException e) {
                if (!connectedBefore) {
                    err.println("tau-mesh: cannot talk to the relay at " + path + ": " + e.getMessage());
                    return 1;
                }
                if (!waiting) {
                    err.println("tau-mesh: lost the relay (" + e.getMessage()
                            + "); waiting for the next one (Ctrl-C stops)");
                    waiting = true;
                }
            }
            Thread.sleep(retryEvery.toMillis());
        }
    }
}
