package io.taumesh.launcher;

import io.taumesh.launcher.daemon.DaemonProfile;
import io.taumesh.launcher.daemon.MeshArguments;
import io.taumesh.launcher.daemon.Onboarding;
import java.io.Console;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --onboard}: the first-run setup of runbook 004 ({@link Onboarding}); it asks on a terminal, or with
 * {@code --onboard-non-interactive} takes the mesh flags given and does what the {@code --onboard-*} flags say.
 */
final class OnboardCommand implements LauncherCommand {

    @Option(
            names = "--onboard",
            required = true,
            description =
                    "First-run setup: write a profile config under --daemon-state-dir, optionally install and start the daemon; "
                            + "asks on the terminal unless --onboard-non-interactive.")
    boolean on;

    @Option(
            names = "--onboard-non-interactive",
            description = "With --onboard: ask nothing; take the mesh flags given here and the --onboard-* flags.")
    boolean nonInteractive;

    @Option(
            names = "--onboard-profile",
            paramLabel = "NAME",
            defaultValue = "default",
            description =
                    "With --onboard: the profile to set up, written to <daemon state dir>/profiles/NAME.json (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(
            names = "--onboard-install-daemon",
            description =
                    "With --onboard: install the daemon's profile for this host (as --daemon-install --daemon-profile auto); "
                            + "interactively, the default answer.")
    boolean installDaemon;

    @Option(
            names = "--onboard-start-daemon",
            description =
                    "With --onboard: start the daemon (as --daemon-start) once set up; interactively, the default answer.")
    boolean startDaemon;

    @Override
    public int run(Launch launch) throws Exception {
        Onboarding.Answers given = givenAnswers(launch);
        Onboarding.Answers answers;
        if (nonInteractive) {
            answers = given;
        } else {
            Console console = System.console();
            if (console == null) {
                launch.err()
                        .println(
                                "tau-mesh: --onboard asks its questions on a terminal, and there is none here (stdin or stdout is not "
                                        + "a terminal); run it in a terminal, or add --onboard-non-interactive (with --onboard-install-daemon and "
                                        + "--onboard-start-daemon as wanted)");
                return 2;
            }
            try {
                answers = Onboarding.ask(
                        console, Onboarding.recordedOr(launch.daemon().paths(), given));
            } catch (Onboarding.Cancelled e) {
                launch.err().println("tau-mesh: " + e.getMessage());
                return 1;
            }
        }
        // The answers are the daemon's settings: the flags it runs with, and the heartbeat it records.
        launch.supervisor().heartbeat.enabled = answers.runtimeHeartbeat();
        List<String> meshArgs = MeshArguments.of(launch.commandLine().getParseResult(), answers.meshFlags());
        return DaemonCommands.report(launch, () -> setUp(launch, answers, meshArgs));
    }

    /** The answers the flags given here make: the defaults of the questions, or the answers themselves. */
    private Onboarding.Answers givenAnswers(Launch launch) {
        try {
            return new Onboarding.Answers(
                    profile,
                    launch.node().toSettings().cluster().clusterName(),
                    launch.gateway().stateDir(),
                    launch.dashboard().stateDir(),
                    Path.of(launch.relay().path).toAbsolutePath().toString(),
                    DaemonCommands.heartbeat(launch).enabled(),
                    installDaemon,
                    startDaemon);
        } catch (IllegalArgumentException e) {
            throw launch.usage(
                    e.getMessage().startsWith("a profile name")
                            ? "--onboard-profile: " + e.getMessage()
                            : e.getMessage());
        }
    }

    /** Writes the profile config, then installs and starts the daemon as {@code chosen} says. */
    private static int setUp(Launch launch, Onboarding.Answers chosen, List<String> meshArgs) throws Exception {
        Path file = Onboarding.writeProfile(launch.daemon().files(), chosen, meshArgs);
        launch.out().println("tau-mesh: onboarding: wrote the profile config " + file);
        if (chosen.installDaemon()) {
            installDaemonProfile(launch, meshArgs);
        }
        if (chosen.startDaemon()) {
            int started = DaemonCommands.start(launch, meshArgs);
            if (started != 0) {
                return started;
            }
        }
        launch.out()
                .println("tau-mesh: onboarding of profile '" + chosen.profile() + "' done"
                        + (chosen.installDaemon() ? "; daemon profile installed" : "")
                        + (chosen.startDaemon() ? "; daemon running" : "")
                        + "; ./tau-mesh --daemon-status --daemon-state-dir "
                        + launch.daemon().paths().dir() + " shows it");
        return 0;
    }

    private static void installDaemonProfile(Launch launch, List<String> meshArgs) throws Exception {
        List<Path> written = DaemonCommands.install(launch, DaemonProfile.AUTO, meshArgs);
        written.forEach(f -> launch.out().println("tau-mesh: onboarding: wrote " + f));
        DaemonCommands.activation(
                        launch.daemon().files().readOrNone().profile(),
                        launch.daemon().paths())
                .forEach(line -> launch.out().println("  " + line));
    }
}
