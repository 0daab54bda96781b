package io.taumesh.supervisor;

import io.taumesh.core.node.ServiceFlags;
import io.taumesh.supervisor.heartbeat.HeartbeatFlags;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The supervisor's flags, shared by {@code supervisor-svc} and {@code tau-mesh}. */
public final class SupervisorFlags implements ServiceFlags {

    @Option(
            names = "--supervisor-config",
            paramLabel = "FILE",
            defaultValue = "${env:TAU_SUPERVISOR_CONFIG}",
            description =
                    "Supervision config: the children and their restart policies (format: docs/supervisor.md; env TAU_SUPERVISOR_CONFIG).")
    public Path configFile;

    @Option(
            names = "--supervisor-state-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_SUPERVISOR_STATE_DIR:-.tau/supervisor}",
            description =
                    "Supervisor state: audit.jsonl, the trail of every command it answered, and markers.jsonl, the restarts, quarantines and member changes the page draws on its history (env TAU_SUPERVISOR_STATE_DIR, default: .tau/supervisor).")
    public Path stateDir = SupervisorSettings.DEFAULT_STATE_DIR;

    /** The runtime heartbeat and self-repair, which the supervisor runs beside its tree. */
    @Mixin
    public HeartbeatFlags heartbeat = new HeartbeatFlags();

    @Override
    public JsonObject toConfig() {
        SupervisorSettings children = configFile == null
                ? SupervisorSettings.NO_CHILDREN
                : new SupervisorSettings(configFile.toAbsolutePath(), null);
        return children.withStateDir(stateDir).toConfig().mergeIn(heartbeat.toConfig());
    }
}
