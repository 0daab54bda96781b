package io.taumesh.core.node;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad flag or value, said in one line that names it, with a close match when there is one and where the flags are
 * listed, instead of the whole usage under it (which buries the message). Exit code 2, as picocli's own.
 */
public final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("(" + name + " --help lists every flag)");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code commandLine} with its usage errors said this way. */
    public static CommandLine on(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(new UsageErrors());
    }
}
