package io.taumesh.launcher;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parses a {@code tau-mesh} command line as the launcher does, for tests of other packages. */
public final class TauMeshCommandAccess {

    private TauMeshCommandAccess() {}

    public static ParseResult parse(String... args) {
        return new CommandLine(new TauMeshCommand()).parseArgs(args);
    }
}
