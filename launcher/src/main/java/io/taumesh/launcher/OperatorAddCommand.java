package io.taumesh.launcher;

import io.taumesh.core.contract.FieldError;
import io.taumesh.webui.OperatorsFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --ui-operator-add NAME --ui-operator-role ROLE --ui-operators FILE}: a named operator who may sign in to the
 * page, with a fresh secret printed once (docs/security.md, "Named operators").
 */
final class OperatorAddCommand implements LauncherCommand {

    @Option(
            names = "--ui-operator-add",
            paramLabel = "NAME",
            required = true,
            description =
                    "Add a named operator to the --ui-operators file (made when missing, owner-only) with a fresh "
                            + "secret, printed this once: the operator signs in to the page with it. The web UI reads the "
                            + "file when it starts.")
    String name;

    @Option(
            names = "--ui-operator-role",
            paramLabel = "ROLE",
            defaultValue = "viewer",
            description = "What the operator may do: viewer (sees everything, changes nothing), operator (day-to-day "
                    + "actions), admin (every action) (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    public int run(Launch launch) throws Exception {
        Object file = launch.commandLine()
                .getCommandSpec()
                .findOption("--ui-operators")
                .getValue();
        if (!(file instanceof String path) || path.isBlank()) {
            throw launch.usage(
                    "--ui-operator-add needs --ui-operators FILE (env TAU_UI_OPERATORS): the file the web UI "
                            + "reads its named operators from");
        }
        String secret;
        try {
            secret = OperatorsFile.add(Path.of(path), name, role);
        } catch (FieldError e) {
            throw launch.usage("--ui-operator-add: " + e.getMessage());
        }
        launch.out().println("added " + name + " (" + role + ") to " + path + "; the secret, shown this once:");
        launch.out().println("  " + secret);
        launch.out()
                .println("sign in to the page with it (its token field); a web UI started before reads the file "
                        + "when it starts again");
        return 0;
    }
}
