package io.taumesh.core.node;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command line of a service jar: one clustered node that hosts that one service. */
@Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    versionProvider = MeshVersion.class)
public final class ServiceCommand implements Callable<Integer> {

  @Mixin
  NodeFlags node;

  @Spec
  CommandSpec spec;

  private final ServiceUnit unit;

  private ServiceCommand(ServiceUnit unit) {
    this.unit = unit;
  }

  /** Parses the flags and runs the service until it is stopped; returns the exit code. */
  public static int execute(ServiceUnit unit, String... args) {
    ConsoleLogging.configure();
    CommandLine commandLine = new CommandLine(new ServiceCommand(unit)).setCommandName(unit.service().module());
    commandLine.getCommandSpec().usageMessage().description(
        "Runs the " + unit.service().id() + " service of Tau Mesh as its own clustered node.");
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    NodeSettings settings;
    try {
      settings = node.toSettings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return new MeshProcess(unit.service().module()).run(settings, List.of(unit));
  }
}
