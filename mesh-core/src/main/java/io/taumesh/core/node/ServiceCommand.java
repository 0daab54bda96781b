package io.taumesh.core.node;

import io.taumesh.core.bus.MeshService;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command line of a service jar: one clustered node that hosts that one service. */
@Command(
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        versionProvider = MeshVersion.class)
public final class ServiceCommand implements Callable<Integer> {

    @Mixin
    NodeFlags node;

    @Spec
    CommandSpec spec;

    private final MeshService service;
    private final Supplier<? extends Deployable> verticle;
    private final ServiceFlags serviceFlags;

    private ServiceCommand(MeshService service, Supplier<? extends Deployable> verticle, ServiceFlags serviceFlags) {
        this.service = service;
        this.verticle = verticle;
        this.serviceFlags = serviceFlags;
    }

    /** Parses the flags and runs a service that takes node flags only; returns the exit code. */
    public static int execute(MeshService service, Supplier<? extends Deployable> verticle, String... args) {
        return execute(service, verticle, null, args);
    }

    /** Parses the node flags and the service's own flags, and runs the service until it is stopped. */
    public static int execute(
            MeshService service, Supplier<? extends Deployable> verticle, ServiceFlags serviceFlags, String... args) {
        ConsoleLogging.configure();
        CommandLine commandLine = UsageErrors.on(
                new CommandLine(new ServiceCommand(service, verticle, serviceFlags)).setCommandName(service.module()));
        if (serviceFlags != null) {
            commandLine.addMixin(service.id(), serviceFlags);
        }
        commandLine
                .getCommandSpec()
                .usageMessage()
                .description("Runs the " + service.id() + " service of Tau Mesh as its own clustered node.");
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        ConsoleLogging.use(node.logFormat());
        NodeSettings settings;
        JsonObject config;
        try {
            settings = node.toSettings();
            config = serviceFlags == null ? new JsonObject() : serviceFlags.toConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new MeshProcess(service.module()).run(settings, List.of(new ServiceUnit(service, verticle, config)));
    }
}
