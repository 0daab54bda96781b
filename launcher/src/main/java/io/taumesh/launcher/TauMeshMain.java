package io.taumesh.launcher;

import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.node.UsageErrors;
import picocli.CommandLine;

/** Entry point of the {@code tau-mesh} jar. */
public final class TauMeshMain {

    private TauMeshMain() {}

    public static void main(String[] args) {
        ConsoleLogging.configure();
        System.exit(UsageErrors.on(new CommandLine(new TauMeshCommand())).execute(args));
    }
}
