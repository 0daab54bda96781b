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

/** {@code --relay-watch}: the relay's live feed in a terminal, without writing a client. */
final class RelayWatch {

    private final PrintStream out;
    private final PrintStream err;

    RelayWatch(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints frames until the relay closes the connection (or {@code maxFrames} were printed); returns the exit code. */
    int watch(Path path, int maxFrames) throws IOException {
        if (!Files.exists(path)) {
            err.println(
                    "tau-mesh: no relay socket at " + path + " (is the mesh running? --dashboard-path sets the path)");
            return 1;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            String hello = "{\"op\":\"subscribe\",\"topics\":[\"widgets\",\"events\",\"supervisor\",\"link\"]}\n"
                    + "{\"op\":\"snapshot\",\"id\":\"watch\",\"what\":\"supervisor_health\"}\n";
            channel.write(ByteBuffer.wrap(hello.getBytes(StandardCharsets.UTF_8)));
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            int printed = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                out.println(line);
                out.flush();
                if (maxFrames > 0 && ++printed >= maxFrames) {
                    return 0;
                }
            }
            err.println("tau-mesh: the relay closed the connection");
            return 0;
        } catch (IOException e) {
            err.println("tau-mesh: cannot talk to the relay at " + path + ": " + e.getMessage());
            return 1;
        }
    }
}
