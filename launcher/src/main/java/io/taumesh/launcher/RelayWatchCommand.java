package io.taumesh.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --relay-watch}: the relay's live feed, one JSON frame a line. */
final class RelayWatchCommand implements LauncherCommand {

    @Option(
            names = "--relay-watch",
            required = true,
            description =
                    "Connect to the relay's socket (--dashboard-path) and print its live feed, one JSON frame a line; "
                            + "follows the relay across its restarts until Ctrl-C.")
    boolean on;

    @Option(
            names = "--relay-watch-frames",
            paramLabel = "N",
            defaultValue = "0",
            description = "With --relay-watch: stop after N frames (default: ${DEFAULT-VALUE}, never).")
    int frames;

    @Override
    public int run(Launch launch) throws Exception {
        return new RelayWatch(launch.out(), launch.err()).watch(Path.of(launch.relay().path), frames);
    }
}
