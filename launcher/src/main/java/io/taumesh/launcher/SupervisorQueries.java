package io.taumesh.launcher;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.SupervisorCommandRequest;
import io.taumesh.core.ops.OperatorRoutes;
import java.util.Map;
import picocli.CommandLine.Option;

/** Runbook 002's questions and commands to a running supervisor. */
final class SupervisorQueries {

    private SupervisorQueries() {}

    /** {@code --supervisor-state-json}: the running supervisor's {@code current_state()}. */
    static final class State implements LauncherCommand {
        @Option(
                names = "--supervisor-state-json",
                required = true,
                description =
                        "Print the running supervisor's current_state() (asks a node running on this host; see --ops-url, --via-cluster).")
        boolean on;

        @Override
        public int run(Launch launch) throws Exception {
            return new SupervisorRequest(launch, OperatorRoutes.STATE, Addresses.SUPERVISOR_STATE, null).send();
        }
    }

    /** {@code --supervisor-health-json}: the running supervisor's {@code health()}. */
    static final class Health implements LauncherCommand {
        @Option(
                names = "--supervisor-health-json",
                required = true,
                description =
                        "Print the running supervisor's health() (asks a node running on this host; see --ops-url, --via-cluster).")
        boolean on;

        @Override
        public int run(Launch launch) throws Exception {
            return new SupervisorRequest(launch, OperatorRoutes.HEALTH, Addresses.SUPERVISOR_HEALTH, null).send();
        }
    }

    /** {@code --supervisor-command COMMAND [--supervisor-child ID]}: a command to the running supervisor. */
    static final class Command implements LauncherCommand {
        @Option(
                names = "--supervisor-command",
                paramLabel = "COMMAND",
                required = true,
                description =
                        "Send a command to the running supervisor: restart, quarantine, release, remove (with --supervisor-child), "
                                + "or shutdown.")
        String command;

        @Option(
                names = "--supervisor-child",
                paramLabel = "ID",
                description = "The child a --supervisor-command is for.")
        String child;

        @Option(
                names = "--supervisor-command-reason",
                paramLabel = "TEXT",
                description = "Why, kept in the supervisor's audit trail and with the child's marker; required by "
                        + "release (say why the quarantine's cause is gone).")
        String reason;

        @Override
        public int run(Launch launch) throws Exception {
            Map<String, Object> body = MeshJson.toJson(
                            SupervisorCommandRequest.named(command, child).withReason(reason))
                    .getMap();
            return new SupervisorRequest(launch, OperatorRoutes.COMMAND, Addresses.SUPERVISOR_COMMAND, body).send();
        }
    }
}
