package io.taumesh.launcher;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.security.OperatorsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The operators file's commands: a named operator added, or removed (docs/security.md, "Named operators"). */
final class OperatorCommands {

    private OperatorCommands() {}

    /** The {@code --operators} file the command works on; a usage error when none is given. */
    static String operatorsFile(Launch launch, String command) {
        Object file =
                launch.commandLine().getCommandSpec().findOption("--operators").getValue();
        if (!(file instanceof String path) || path.isBlank()) {
            throw launch.usage(command + " needs --operators FILE (env TAU_OPERATORS): the file the mesh reads its "
                    + "named operators from");
        }
        return path;
    }

    /**
     * {@code --operator-add NAME --operator-role ROLE [--operator-expires WHEN] --operators FILE}: a named operator who may
     * sign in at the page, the ops endpoint and the relay's socket, with a fresh secret printed once (docs/security.md,
     * "Named operators").
     */
    static final class Add implements LauncherCommand {

        @Option(
                names = "--operator-add",
                paramLabel = "NAME",
                required = true,
                description =
                        "Add a named operator to the --operators file (made when missing, owner-only) with a fresh "
                                + "secret, printed this once: the operator signs in with it at the page, the ops endpoint and the "
                                + "relay's socket. A running mesh reads the file again within seconds.")
        String name;

        @Option(
                names = "--operator-role",
                paramLabel = "ROLE",
                defaultValue = "viewer",
                description =
                        "What the operator may do: viewer (sees everything, changes nothing), operator (day-to-day "
                                + "actions), admin (every action) (default: ${DEFAULT-VALUE}).")
        String role;

        @Option(
                names = "--operator-expires",
                paramLabel = "WHEN",
                description = "When the secret stops signing in: a time from now (90m, 12h, 30d) or an instant "
                        + "(2027-01-31T18:00:00Z); without it, never.")
        String expires;

        @Override
        public int run(Launch launch) throws Exception {
            Object file = launch.commandLine()
                    .getCommandSpec()
                    .findOption("--operators")
                    .getValue();
            if (!(file instanceof String path) || path.isBlank()) {
                throw launch.usage("--operator-add needs --operators FILE (env TAU_OPERATORS): the file the mesh reads "
                        + "its named operators from");
            }
            Instant expiresAt = expires == null ? null : expiry(launch, expires, Instant.now());
            String secret;
            try {
                secret = OperatorsFile.add(Path.of(path), name, role, expiresAt);
            } catch (FieldError e) {
                throw launch.usage("--operator-add: " + e.getMessage());
            }
            launch.out()
                    .println("added " + name + " (" + role + ") to " + path
                            + (expiresAt == null ? "" : ", until " + expiresAt) + "; the secret, shown this once:");
            launch.out().println("  " + secret);
            launch.out()
                    .println(
                            "sign in with it: the page's token field, Authorization: Bearer at the ops endpoint, "
                                    + "\"secret\" in a relay control frame; a running mesh reads the file again within seconds");
            return 0;
        }

        /** {@code 90m}, {@code 12h}, {@code 30d} from {@code now}, or an instant. */
        static Instant expiry(Launch launch, String given, Instant now) {
            String text = given.trim().toLowerCase(Locale.ROOT);
            try {
                if (text.matches("\\d{1,6}[mhd]")) {
                    long n = Long.parseLong(text.substring(0, text.length() - 1));
                    Duration d = switch (text.charAt(text.length() - 1)) {
                        case 'm' -> Duration.ofMinutes(n);
                        case 'h' -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                    if (!d.isZero()) {
                        return now.plus(d).truncatedTo(ChronoUnit.SECONDS);
                    }
                } else {
                    Instant at = Instant.parse(given.trim());
                    if (at.isAfter(now)) {
                        return at;
                    }
                }
            } catch (DateTimeParseException e) {
                // Said below, with what it takes.
            }
            throw launch.usage(
                    "--operator-expires must be a time from now such as 90m, 12h or 30d, or a future instant "
                            + "such as 2027-01-31T18:00:00Z, got '" + given + "'");
        }
    }

    /** {@code --operator-remove NAME --operators FILE}: the operator's secret signs in nowhere from then on. */
    static final class Remove implements LauncherCommand {

        @Option(
                names = "--operator-remove",
                paramLabel = "NAME",
                required = true,
                description = "Remove a named operator from the --operators file: a running mesh reads the file again "
                        + "within seconds, and the operator's secret signs in nowhere from then on.")
        String name;

        @Override
        public int run(Launch launch) throws Exception {
            String path = operatorsFile(launch, "--operator-remove");
            boolean removed;
            try {
                removed = OperatorsFile.remove(Path.of(path), name);
            } catch (FieldError e) {
                throw launch.usage("--operator-remove: " + e.getMessage());
            }
            if (!removed) {
                throw launch.usage("--operator-remove: no operator named '" + name + "' in " + path);
            }
            launch.out()
                    .println("removed " + name + " from " + path + "; a running mesh reads the file again within "
                            + "seconds");
            return 0;
        }
    }
}
