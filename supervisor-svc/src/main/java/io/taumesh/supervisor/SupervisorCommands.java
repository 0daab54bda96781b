package io.taumesh.supervisor;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.SupervisorCommandRequest;
import io.taumesh.core.bus.message.SupervisorCommandResult;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.contract.SupervisorStatus;
import io.taumesh.core.contract.WireName;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.jspecify.annotations.Nullable;

/** Answers {@code tau.supervisor.command}: add, remove, restart, quarantine, release a child, or shut down. */
final class SupervisorCommands {

    private final SupervisionTree tree;
    /** Starts the shutdown sequence; its phases follow on the supervisor's events, after the reply. */
    private final Runnable startShutdown;

    SupervisorCommands(SupervisionTree tree, Runnable startShutdown) {
        this.tree = tree;
        this.startShutdown = startShutdown;
    }

    Future<SupervisorCommandResult> apply(JsonObject body) {
        SupervisorCommandRequest request;
        try {
            request = MeshJson.bind(body == null ? new JsonObject() : body, SupervisorCommandRequest.class);
        } catch (FieldError e) {
            return rejected(null, null, e.asFieldPath());
        }
        return apply(request);
    }

    private Future<SupervisorCommandResult> apply(SupervisorCommandRequest request) {
        String name = request.command();
        String id = request.childId();
        if (name == null) {
            return rejected(null, id, "command: is required (" + WireName.listed(SupervisorCommand.class) + ")");
        }
        SupervisorCommand command =
                WireName.parse(SupervisorCommand.class, name).orElse(null);
        if (command == null) {
            return rejected(
                    name, id, "command: unknown '" + name + "' (" + WireName.listed(SupervisorCommand.class) + ")");
        }
        if (tree.status() == SupervisorStatus.STOPPING) {
            return rejected(name, id, "the supervisor is shutting down");
        }
        if (command == SupervisorCommand.SHUTDOWN) {
            startShutdown.run();
            return accepted(command, null, "shutting down: stopping children");
        }
        if (command == SupervisorCommand.ADD) {
            return add(request.spec());
        }
        ChildRecord record = tree.child(id).orElse(null);
        if (record == null) {
            return rejected(name, id, id == null ? "child_id: is required" : "no child with id '" + id + "'");
        }
        return onChild(command, record, request.reason());
    }

    private Future<SupervisorCommandResult> add(JsonObject spec) {
        if (spec == null) {
            return rejected(
                    SupervisorCommand.ADD.wire(),
                    null,
                    "spec: is required (a child spec, as in the supervision config)");
        }
        ChildSpec parsed;
        try {
            parsed = SupervisionConfig.child(spec, "spec", null);
        } catch (FieldError e) {
            return rejected(SupervisorCommand.ADD.wire(), spec.getString("id"), e.asFieldPath());
        }
        if (tree.child(parsed.id()).isPresent()) {
            return rejected(SupervisorCommand.ADD.wire(), parsed.id(), "a child with id '" + parsed.id() + "' exists");
        }
        return tree.add(parsed).compose(v -> accepted(SupervisorCommand.ADD, parsed.id(), "added and started"));
    }

    private Future<SupervisorCommandResult> onChild(
            SupervisorCommand command, ChildRecord record, @Nullable String reason) {
        String id = record.spec.id();
        boolean quarantined = record.is(ChildState.QUARANTINED);
        return switch (command) {
            case REMOVE -> tree.remove(record).compose(exit -> accepted(command, id, "removed: " + exit.display()));
            case RESTART ->
                quarantined
                        ? rejected(command.wire(), id, "the child is quarantined; release it first")
                        : tree.restart(record, reason).compose(v -> accepted(command, id, "restarted"));
            case QUARANTINE ->
                quarantined
                        ? rejected(command.wire(), id, "already quarantined")
                        : tree.stopRun(record).compose(exit -> {
                            tree.quarantine(record, "quarantined by command");
                            return accepted(command, id, "quarantined: " + exit.display());
                        });
            case RELEASE -> {
                String problem = quarantined ? ReleaseReason.problem(reason) : "not quarantined";
                yield problem != null
                        ? rejected(command.wire(), id, problem)
                        : tree.release(record, reason.strip())
                                .compose(v -> accepted(command, id, "released with a full restart budget"));
            }
            default -> throw new IllegalArgumentException(command + " is not a command on one child");
        };
    }

    private static Future<SupervisorCommandResult> accepted(SupervisorCommand command, String id, String reason) {
        return Future.succeededFuture(SupervisorCommandResult.accepted(command.wire(), id, reason));
    }

    private static Future<SupervisorCommandResult> rejected(String command, String id, String reason) {
        return Future.succeededFuture(SupervisorCommandResult.rejected(command, id, reason));
    }
}
