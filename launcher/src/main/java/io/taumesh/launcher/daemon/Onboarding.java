package io.taumesh.launcher.daemon;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.files.AtomicFiles;
import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code --onboard}: the first-run setup. It settles the mesh settings of a named profile (cluster, state
 * dirs, relay socket, heartbeat) and whether to install and start the daemon, asking on the terminal unless
 * {@code --onboard-non-interactive} takes them from the flags, and writes them to the profile config
 * {@code D/profiles/<name>.json}, whole and atomically: the daemon's settings as chosen, and the exact mesh flags
 * the daemon then runs with. A second onboarding of the same profile offers the recorded answers as defaults.
 */
public final class Onboarding {

    static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** The answers: the mesh settings of the profile, and what to do with the daemon. */
    public record Answers(
            String profile,
            String clusterName,
            Path gatewayStateDir,
            Path dashboardStateDir,
            String relaySocket,
            boolean runtimeHeartbeat,
            boolean installDaemon,
            boolean startDaemon) {

        public Answers {
            if (profile == null || !PROFILE_NAME.matcher(profile).matches()) {
                throw new IllegalArgumentException(
                        "a profile name is 1-64 characters of [a-z0-9._-], starting with a letter or digit; got '"
                                + profile + "'");
            }
            gatewayStateDir = gatewayStateDir.toAbsolutePath().normalize();
            dashboardStateDir = dashboardStateDir.toAbsolutePath().normalize();
        }

        /** The mesh flags these answers set, to lay over the command line's. */
        public Map<String, String> meshFlags() {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("--cluster-name", clusterName);
            flags.put("--gateway-state-dir", gatewayStateDir.toString());
            flags.put("--dashboard-state-dir", dashboardStateDir.toString());
            flags.put("--dashboard-path", relaySocket);
            flags.put("--runtime-heartbeat-enabled", String.valueOf(runtimeHeartbeat));
            return flags;
        }
    }

    /** {@code D/profiles/<name>.json}; its mesh settings are written flat. */
    public record ProfileConfig(
            int schemaVersion,
            String profile,
            String updatedAt,
            @JsonUnwrapped Mesh mesh,
            boolean installDaemon,
            boolean startDaemon,
            List<String> meshArgs)
            implements MeshMessage {

        /** The mesh settings the profile chose: its cluster, state dirs, relay socket and heartbeat. */
        public record Mesh(
                String clusterName,
                String gatewayStateDir,
                String dashboardStateDir,
                String relaySocket,
                boolean runtimeHeartbeatEnabled) {}
    }

    /** The terminal went away (end of input) before every question was answered. */
    public static final class Cancelled extends Exception {
        Cancelled() {
            super("onboarding cancelled: the terminal closed before every question was answered; nothing was written");
        }
    }

    private Onboarding() {}

    /** The answers a profile config recorded, as defaults for a second onboarding; the given ones when there is none. */
    public static Answers recordedOr(DaemonPaths paths, Answers given) {
        Path file = paths.profileConfig(given.profile());
        try {
            if (!Files.isRegularFile(file)) {
                return given;
            }
            ProfileConfig.Mesh c = MeshJson.fromJson(new JsonObject(Files.readString(file)), ProfileConfig.class)
                    .mesh();
            return new Answers(
                    given.profile(),
                    c.clusterName(),
                    Path.of(c.gatewayStateDir()),
                    Path.of(c.dashboardStateDir()),
                    c.relaySocket(),
                    c.runtimeHeartbeatEnabled(),
                    given.installDaemon(),
                    given.startDaemon());
        } catch (IOException | RuntimeException e) {
            return given;
        }
    }

    /** Asks each question on the terminal, the default in brackets; an empty answer takes it. */
    public static Answers ask(Console console, Answers defaults) throws Cancelled {
        console.printf("Tau Mesh onboarding: a few questions; press Enter to take the value in brackets.%n");
        String profile =
                askText(console, "Profile name", defaults.profile(), PROFILE_NAME, "1-64 characters of [a-z0-9._-]");
        String cluster = askText(
                console,
                "Cluster name (nodes meet only nodes of the same name)",
                defaults.clusterName(),
                Pattern.compile("\\S+"),
                "a name without spaces");
        String gateway = askText(
                console,
                "Gateway state dir",
                defaults.gatewayStateDir().toString(),
                Pattern.compile("\\S.*"),
                "a path");
        String dashboard = askText(
                console,
                "Dashboard state dir",
                defaults.dashboardStateDir().toString(),
                Pattern.compile("\\S.*"),
                "a path");
        String socket = askText(
                console,
                "Relay socket (the IPC relay's Unix socket)",
                defaults.relaySocket(),
                Pattern.compile("/\\S*"),
                "an absolute path");
        boolean heartbeat = askYesNo(console, "Run the runtime heartbeat and self-repair", defaults.runtimeHeartbeat());
        boolean install = askYesNo(
                console, "Install the daemon profile (systemd user unit, or launchd agent)", defaults.installDaemon());
        boolean start = askYesNo(console, "Start the daemon now", defaults.startDaemon());
        return new Answers(profile, cluster, Path.of(gateway), Path.of(dashboard), socket, heartbeat, install, start);
    }

    private static String askText(Console console, String question, String defaultValue, Pattern valid, String expected)
            throws Cancelled {
        while (true) {
            String line = console.readLine("%s", question + " [" + defaultValue + "]: ");
            if (line == null) {
                throw new Cancelled();
            }
            String answer = line.trim().isEmpty() ? defaultValue : line.trim();
            if (valid.matcher(answer).matches()) {
                return answer;
            }
            console.printf("%s%n", "  please give " + expected);
        }
    }

    private static boolean askYesNo(Console console, String question, boolean defaultValue) throws Cancelled {
        while (true) {
            String line = console.readLine("%s", question + "? [" + (defaultValue ? "Y/n" : "y/N") + "]: ");
            if (line == null) {
                throw new Cancelled();
            }
            String answer = line.trim().toLowerCase(Locale.ROOT);
            if (answer.isEmpty()) {
                return defaultValue;
            }
            if (answer.equals("y") || answer.equals("yes")) {
                return true;
            }
            if (answer.equals("n") || answer.equals("no")) {
                return false;
            }
            console.printf("%s%n", "  please answer y or n");
        }
    }

    /** Writes the profile config; returns its path. */
    public static Path writeProfile(DaemonFiles files, Answers answers, List<String> meshArgs)
            throws DaemonException, IOException {
        Optional<String> unwritable = files.unwritable();
        if (unwritable.isPresent()) {
            throw new DaemonException(
                    Diagnostic.of(DiagnosticCode.STATE_DIR_NOT_WRITABLE, unwritable.get(), files.paths()));
        }
        ProfileConfig config = new ProfileConfig(
                MeshMessage.SCHEMA_VERSION,
                answers.profile(),
                Instant.now().toString(),
                new ProfileConfig.Mesh(
                        answers.clusterName(),
                        answers.gatewayStateDir().toString(),
                        answers.dashboardStateDir().toString(),
                        answers.relaySocket(),
                        answers.runtimeHeartbeat()),
                answers.installDaemon(),
                answers.startDaemon(),
                meshArgs);
        Path file = files.paths().profileConfig(answers.profile());
        AtomicFiles.write(file, (MeshJson.toJson(config).encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
